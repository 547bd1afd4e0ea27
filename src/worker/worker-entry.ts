import { LIMITS } from '../model/limits.ts'
import { Explorer } from './explorer.ts'
import { MqttSession } from './mqtt-session.ts'
import type { WorkerCommand, WorkerEvent } from './protocol.ts'

/**
 * The worker owns the MQTT connection and every message. Messages are only recorded as they
 * arrive; a clock sends the page a snapshot of what it shows, only when something changed, and
 * never more than one unacknowledged batch at a time: a slow page simply gets fewer, larger steps.
 */
// The project's lib is DOM (for the page); this is the slice of the worker global we use.
const scope = self as unknown as {
  postMessage(message: WorkerEvent): void
  onmessage: ((event: MessageEvent<WorkerCommand>) => void) | null
}

/** Rates decay even when nothing arrives; refresh the screen this often while anything moves. */
const IDLE_REFRESH_MS = 1_000

const explorer = new Explorer()
let session: MqttSession | undefined
let awaitingAck: number | undefined
let sent = { treeVersion: -1, viewVersion: -1, arrived: -1, at: 0 }
let flushSoon: ReturnType<typeof setTimeout> | undefined

function emit(event: WorkerEvent): void {
  scope.postMessage(event)
}

function flush(): void {
  if (awaitingAck !== undefined) return
  const now = Date.now()
  const tree = explorer.tree
  const treeChanged = !explorer.paused && tree.version !== sent.treeVersion
  const viewChanged = explorer.viewVersion !== sent.viewVersion
  const pausedChanged = explorer.paused && tree.version !== sent.treeVersion
  const stale = now - sent.at >= IDLE_REFRESH_MS && tree.totalMessages > 0
  if (!treeChanged && !viewChanged && !pausedChanged && !stale) return
  const batch = explorer.snapshot(now)
  sent = { treeVersion: tree.version, viewVersion: explorer.viewVersion, arrived: batch.arrivedWhilePaused, at: now }
  awaitingAck = batch.seq
  emit({ type: 'batch', batch })
}

/** View commands should feel instant: answer them now instead of at the next tick. */
function flushNow(): void {
  if (flushSoon !== undefined) return
  flushSoon = setTimeout(() => {
    flushSoon = undefined
    flush()
  }, 0)
}

setInterval(flush, LIMITS.flushIntervalMs)

async function handle(command: WorkerCommand): Promise<void> {
  switch (command.type) {
    case 'connect':
      await session?.end()
      explorer.clear()
      session = new MqttSession(command.options, command.subscriptions, {
        onState: (connection) => emit({ type: 'connection', connection }),
        onMessage: (message) => explorer.ingest(message, Date.now()),
        onSubscription: (filter, status) => emit({ type: 'subscription', filter, status }),
      })
      return flushNow()
    case 'disconnect':
      await session?.end()
      session = undefined
      return
    case 'subscribe':
      if (session) session.subscribe(command.subscription.filter, command.subscription.qos)
      else emit({ type: 'subscription', filter: command.subscription.filter, status: { state: 'pending' } })
      return
    case 'unsubscribe':
      if (session) session.unsubscribe(command.filter)
      else emit({ type: 'subscription', filter: command.filter, status: { state: 'removed' } })
      return
    case 'pause':
      explorer.pause()
      return flushNow()
    case 'resume':
      explorer.resume()
      return flushNow()
    case 'range':
      explorer.setRange(command.range)
      return flushNow()
    case 'sort':
      explorer.setSort(command.sort)
      return flushNow()
    case 'filter':
      explorer.setFilter(command.filter)
      return flushNow()
    case 'toggle':
      explorer.toggle(command.id, command.expanded)
      return flushNow()
    case 'expand-subtree':
      explorer.expandSubtree(command.id)
      return flushNow()
    case 'collapse-all':
      explorer.collapseAll()
      return flushNow()
    case 'select':
      explorer.select(command.id)
      return flushNow()
    case 'busiest':
      explorer.setBusiest(command.by)
      return flushNow()
    case 'clear':
      explorer.clear()
      return flushNow()
    case 'ack':
      if (awaitingAck === command.seq) awaitingAck = undefined
      return
  }
}

scope.onmessage = (event: MessageEvent<WorkerCommand>) => {
  handle(event.data).catch((error: unknown) => emit({ type: 'error', message: error instanceof Error ? error.message : String(error) }))
}
