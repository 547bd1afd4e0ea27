import { setCommandSink } from '@/store/command-sink.ts'
import { useAppStore } from '@/store/app-store.ts'
import { openShareLink } from '@/store/share-link-store.ts'
import { startWorker, type WorkerClient } from './worker-client.ts'

let client: WorkerClient | undefined

/** Starts the MQTT worker once, wires it to the store and connects with the active profile. */
export function startSession(): WorkerClient {
  if (client) return client
  const worker = startWorker((event) => {
    useAppStore.getState().applyEvent(event)
    // Acknowledge a batch only once the frame that shows it is painted: the worker sends nothing
    // newer until then, so a busy page gets fewer, larger batches instead of a growing queue.
    if (event.type === 'batch') requestAnimationFrame(() => worker.send({ type: 'ack', seq: event.batch.seq }))
    // The inspector's own back-pressure, the same way.
    if (event.type === 'inspection') requestAnimationFrame(() => worker.send({ type: 'inspection-ack', seq: event.seq }))
    // And the charts' own.
    if (event.type === 'chart-data') requestAnimationFrame(() => worker.send({ type: 'chart-ack', seq: event.seq }))
  })
  client = worker
  setCommandSink(client.send)
  // The stored history budget (the worker starts with the default one).
  client.send({ type: 'budget', budget: useAppStore.getState().historyBudget })
  // The stored payload decoders (.proto files and rules), compiled in the worker.
  client.send({ type: 'decoders', config: useAppStore.getState().decoders })
  // The stored charts: the worker collects their series from now on, charts on screen or not.
  useAppStore.getState().syncCharts()
  // What the server's bridge allows, and whether it needs an access token (asked for once).
  void useAppStore.getState().loadBridgePolicy()
  // Where the embedded broker listens (MQTT/TCP port): the "get data in" hints.
  void useAppStore.getState().loadServerConfig()
  // A link (?profile=, ?url=, ...) decides what to connect to, and may ask first; else the active profile.
  if (!openShareLink(window.location.search)) useAppStore.getState().connect()
  return client
}
