import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { PROJECT_DIR } from '../../server/test-support/start-server.ts'
import { trackChild, stopChild } from '../common/children.ts'
import type { PublisherEvent, PublisherJob } from './publisher-protocol.ts'

const WORKER = fileURLToPath(new URL('./publisher-worker.ts', import.meta.url))

export interface PublisherRun {
  readonly pid: number | undefined
  /** Resolves when every publisher is connected and sending has begun. */
  readonly started: Promise<void>
  /** Resolves with each publisher's count once sending has stopped. */
  readonly done: Promise<{ sent: readonly number[]; elapsedMs: number }>
  /** Resolves when the worker has exited: after its clean DISCONNECTs, all it sent is with the broker. */
  readonly exited: Promise<void>
  stop(): Promise<void>
}

/** Starts the publisher worker in its own process (node with tsx's loader: one pid to stop). */
export function startPublishers(job: PublisherJob, timeouts: { startMs: number; doneMs: number }): PublisherRun {
  const child = trackChild(
    spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], {
      cwd: PROJECT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000)
  })
  const failure = (what: string) => new Error(`publisher worker ${what}${stderr ? `:\n${stderr}` : ''}`)

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const events: Array<(event: PublisherEvent | 'exit') => void> = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let event: PublisherEvent
    try {
      event = JSON.parse(line) as PublisherEvent
    } catch {
      return
    }
    for (const listener of events) listener(event)
  })
  child.once('exit', () => {
    for (const listener of events) listener('exit')
  })

  const waitFor = <T>(pick: (event: PublisherEvent) => T | undefined, ms: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(failure(`did not ${what} within ${ms / 1000} s`)), ms)
      events.push((event) => {
        if (event === 'exit') reject(failure(`exited before it could ${what}`))
        else if (event.type === 'error') reject(failure(`failed: ${event.message}`))
        else {
          const value = pick(event)
          if (value === undefined) return
          resolve(value)
        }
        clearTimeout(timer)
      })
    })

  const started = waitFor((e) => (e.type === 'start' ? true : undefined), timeouts.startMs, 'start').then(() => {})
  const done = waitFor((e) => (e.type === 'done' ? { sent: e.sent, elapsedMs: e.elapsedMs } : undefined), timeouts.doneMs, 'finish')
  // Whoever awaits these sees the error; keep Node from calling an early one unhandled.
  started.catch(() => {})
  done.catch(() => {})
  return { pid: child.pid, started, done, exited, stop: () => stopChild(child) }
}
