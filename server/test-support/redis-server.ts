import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Child } from './processes.ts'
import { freePort, waitForPort } from './ports.ts'

/**
 * Debian's redis-server for a test, on a port that was free a moment ago (redis-server cannot take
 * port 0), in its own folder, as a child process stopped by its own pid. `durable` keeps every
 * write in an append-only file synced at once, so a restart (`restart()`) finds what was written.
 */
export class RedisServer {
  #child: Child | undefined

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly durable: boolean,
  ) {}

  static async start(options: { durable?: boolean } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), await mkdtemp(path.join(tmpdir(), 'mqtt-scope-redis-')), options.durable === true)
    await server.#spawn()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** The redis-server process id (for CPU readings), while it runs. */
  get pid(): number | undefined {
    return this.#child?.process.pid
  }

  get running(): boolean {
    return this.#child?.running === true
  }

  /** The server's own output so far (for a failing test's message). */
  get output(): string {
    return `${this.#child?.stdout ?? ''}${this.#child?.stderr ?? ''}`
  }

  async #spawn(): Promise<void> {
    const persistence = this.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
    const child = new Child('redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      ...persistence,
      '--dir',
      this.dir,
      '--daemonize',
      'no',
    ])
    this.#child = child
    await waitForPort(this.port, 10_000, () => child.running)
  }

  /** Stops it (SIGKILL: as if it died) and starts it again on the same port and folder. */
  async restart(downMs: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.kill(signal)
    await new Promise((resolve) => setTimeout(resolve, downMs))
    await this.revive()
  }

  /** Stops the server, keeping its port and folder for revive(). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.#child?.stop(signal)
  }

  /** Starts it again after kill(), on the same port and folder. */
  async revive(): Promise<void> {
    await this.#spawn()
  }

  async stop(): Promise<void> {
    await this.#child?.stop('SIGTERM')
    await rm(this.dir, { recursive: true, force: true })
  }
}
