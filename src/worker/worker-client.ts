import type { WorkerCommand, WorkerEvent } from './protocol.ts'

export interface WorkerClient {
  send(command: WorkerCommand): void
  terminate(): void
}

/** The page's end of the worker: typed commands out, typed events in. */
export function startWorker(onEvent: (event: WorkerEvent) => void): WorkerClient {
  const worker = new Worker(new URL('./worker-entry.ts', import.meta.url), { type: 'module', name: 'mqtt' })
  worker.onmessage = (event: MessageEvent<WorkerEvent>) => onEvent(event.data)
  worker.onerror = (event) => onEvent({ type: 'error', message: `worker failed: ${event.message}` })
  return {
    send: (command) => worker.postMessage(command),
    terminate: () => worker.terminate(),
  }
}
