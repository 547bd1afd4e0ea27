import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { trackChild } from '../../common/children.ts'
import { PROJECT_DIR } from '../../common/results.ts'
import type { PublisherCommand, PublisherEvent, StepReport } from './publisher-protocol.ts'

const TSX = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx')

/** What a browser benchmark starts as its publisher: a script on paced-publisher.ts and its flags. */
export interface PublisherLaunch {
  /** The script, from the project folder (bench/browser/ingest-publisher.ts). */
  readonly script: string
  readonly args: readonly string[]
  /** How much longer than its `seconds` a step may take to be reported (pacing under load, draining). */
  readonly stepSlackMs: number
}

/** The benchmark's side of a publisher process, driven over its JSON-lines protocol. */
export class PublisherProcess {
  readonly child: ChildProcess
  readonly #waiting: Array<(event: PublisherEvent) => void> = []
  #stderr = ''

  constructor(readonly launch: PublisherLaunch) {
    this.child = trackChild(spawn(TSX, [path.join(PROJECT_DIR, launch.script), ...launch.args], { cwd: PROJECT_DIR, stdio: ['pipe', 'pipe', 'pipe'] }))
    this.child.stderr!.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString()).slice(-4_000)))
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let event: PublisherEvent
      try {
        event = JSON.parse(line) as PublisherEvent
      } catch {
        return
      }
      if (event.type === 'error') process.stderr.write(`publisher: ${event.message}\n`)
      this.#waiting.shift()?.(event)
    })
  }

  /** The next event it prints; rejects after `ms` or when the process exits first. */
  next(ms: number, what: string): Promise<PublisherEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`publisher: no ${what} in ${ms} ms\n${this.#stderr}`)), ms)
      const onExit = () => reject(new Error(`publisher exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}\n${this.#stderr}`))
      this.child.once('exit', onExit)
      this.#waiting.push((event) => {
        clearTimeout(timer)
        this.child.off('exit', onExit)
        resolve(event)
      })
    })
  }

  send(command: PublisherCommand): void {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`)
  }

  /** Publishes `rate` messages a second for `seconds` and resolves with the publisher's report. */
  async step(rate: number, seconds: number): Promise<StepReport> {
    const reply = this.next(seconds * 1000 + this.launch.stepSlackMs, `report of the ${rate}/s step`)
    this.send({ type: 'step', rate, seconds })
    const event = await reply
    if (event.type !== 'step-done') throw new Error(`publisher: ${JSON.stringify(event)}`)
    return event
  }
}
