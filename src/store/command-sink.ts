import type { WorkerCommand } from '@/worker/protocol.ts'

type Sink = (command: WorkerCommand) => void

let sink: Sink = () => {}

/** Where store actions send worker commands: the real worker in the app, a recorder in tests. */
export function setCommandSink(next: Sink): void {
  sink = next
}

export function sendCommand(command: WorkerCommand): void {
  sink(command)
}
