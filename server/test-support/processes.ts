import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { PROJECT_DIR } from './start-server.ts'

export const CLI = path.join(PROJECT_DIR, 'server', 'bin', 'mqtt-scope.js')

export interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment of this process without any MQTT_SCOPE_* variable, plus `extra`. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('MQTT_SCOPE_')) env[key] = value
  return { ...env, ...extra }
}

/**
 * A child process whose output is kept and whose end can be awaited with a bound. `stop()` signals
 * this child by its own pid only, and escalates to SIGKILL if it does not exit in time.
 */
export class Child {
  readonly process: ChildProcess
  #stdout = ''
  #stderr = ''
  readonly #exited: Promise<Finished>

  constructor(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
    this.process = spawn(command, args, {
      cwd: options.cwd ?? PROJECT_DIR,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.process.stdout!.on('data', (chunk: Buffer) => this.#append('out', chunk))
    this.process.stderr!.on('data', (chunk: Buffer) => this.#append('err', chunk))
    this.#exited = new Promise((resolve) => {
      // 'close' rather than 'exit': by then stdout and stderr have been read to the end.
      this.process.once('close', (code, signal) => resolve({ code, signal, stdout: this.#stdout, stderr: this.#stderr }))
      this.process.once('error', (error) => resolve({ code: null, signal: null, stdout: this.#stdout, stderr: String(error) }))
    })
  }

  get stdout(): string {
    return this.#stdout
  }

  get stderr(): string {
    return this.#stderr
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null
  }

  /** Resolves when the process has ended, or rejects after `ms` (the process keeps running). */
  exited(ms: number): Promise<Finished> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`process did not exit in ${ms} ms\nstdout: ${this.#stdout}\nstderr: ${this.#stderr}`)), ms)
    })
    return Promise.race([this.#exited, timeout]).finally(() => clearTimeout(timer))
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', ms = 5_000): Promise<Finished> {
    if (this.running) this.process.kill(signal)
    try {
      return await this.exited(ms)
    } catch {
      if (this.running) this.process.kill('SIGKILL')
      return this.exited(2_000)
    }
  }

  #append(stream: 'out' | 'err', chunk: Buffer): void {
    if (stream === 'out') this.#stdout += chunk.toString()
    else this.#stderr += chunk.toString()
  }
}

/**
 * Runs the real `mqtt-scope` command to its end (killing it after `ms`). Its broker keeps its data
 * in memory unless `env` or `args` choose a folder (the default one is the user's own).
 */
export async function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; ms?: number } = {}): Promise<Finished> {
  const child = new Child(process.execPath, [CLI, ...args], { env: cleanEnv({ MQTT_SCOPE_MEMORY: 'true', ...options.env }) })
  try {
    return await child.exited(options.ms ?? 15_000)
  } finally {
    if (child.running) await child.stop('SIGKILL')
  }
}
