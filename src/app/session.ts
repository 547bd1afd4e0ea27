import type { StoreApi } from 'zustand'
import { shareBudget } from '@/model/history-budget.ts'
import type { WorkerCommand, WorkerEvent } from '@/worker/protocol.ts'
import { setCommandSink } from '@/store/command-sink.ts'
import { primaryStore, type AppState } from '@/store/app-store.ts'
import {
  activeConnection,
  isShown,
  openConnectionCount,
  prepareConnection,
  PRIMARY_ID,
  persistConnections,
  restoreConnections,
  setConnectionLauncher,
} from '@/store/connections-store.ts'
import { openShareLink } from '@/store/share-link-store.ts'
import { startWorker, type WorkerClient } from './worker-client.ts'

let client: WorkerClient | undefined

/** A connection that is not on screen acknowledges its batches this often: it costs the page almost nothing. */
const HIDDEN_ACK_MS = 1_000

/**
 * A worker wired to one connection's store. Batches are acknowledged once the frame that shows
 * them is painted (the worker sends nothing newer until then, so a busy page gets fewer, larger
 * batches instead of a growing queue); a connection in a tab not on screen acknowledges once a
 * second, enough for its tab's state and message rate.
 */
function startConnectionWorker(store: StoreApi<AppState>): WorkerClient {
  const ack = (command: WorkerCommand) => {
    if (isShown(store)) requestAnimationFrame(() => worker.send(command))
    else setTimeout(() => worker.send(command), HIDDEN_ACK_MS)
  }
  const worker = startWorker((event: WorkerEvent) => {
    store.getState().applyEvent(event)
    if (event.type === 'batch') ack({ type: 'ack', seq: event.batch.seq })
    // The inspector's own back-pressure, the same way.
    if (event.type === 'inspection') ack({ type: 'inspection-ack', seq: event.seq })
    // And the charts' own.
    if (event.type === 'chart-data') ack({ type: 'chart-ack', seq: event.seq })
  })
  return {
    // The history budget's totals are shared by the open connections.
    send: (command) => worker.send(command.type === 'budget' ? { ...command, budget: shareBudget(command.budget, openConnectionCount()) } : command),
    terminate: () => worker.terminate(),
  }
}

/**
 * Starts the first connection's worker once, wires it to the store, opens the connections the last
 * page load had open, and connects with the active profile (or what a link asks for).
 */
export function startSession(): WorkerClient {
  if (client) return client
  client = startConnectionWorker(primaryStore)
  setCommandSink(client.send)
  setConnectionLauncher({ start: startConnectionWorker })
  prepareConnection(primaryStore)
  const firstOpen = restoreConnections()
  persistConnections()
  // The link applies to the connection on screen (the restored active tab); the first connection
  // connects as before unless the link already did that for it.
  const linked = openShareLink(window.location.search)
  if (firstOpen && !(linked && activeConnection().id === PRIMARY_ID)) primaryStore.getState().connect()
  return client
}
