import type { WorkerCommand, WorkerEvent } from '@/worker/protocol.ts'

export interface WorkerClient {
  send(command: WorkerCommand): void
  terminate(): void
}

/**
 * The page's end of the worker: typed commands out, typed events in. It runs on the main thread, so
 * it lives in app/, which starts the worker and wires it to the store (session.ts); worker/ holds
 * only what runs inside the worker, and the store sees no Worker, only its command sink.
 */
export function startWorker(onEvent: (event: WorkerEvent) => void): WorkerClient {
  const worker = new Worker(new URL('../worker/worker-entry.ts', import.meta.url), { type: 'module', name: 'mqtt' })
  worker.onmessage = (event: MessageEvent<WorkerEvent>) => onEvent(event.data)
  worker.onerror = (event) => onEvent({ type: 'error', message: `worker failed: ${event.message}` })
  return {
    send: (command) => worker.postMessage(command),
    terminate: () => worker.terminate(),
  }
}
