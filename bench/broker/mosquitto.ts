import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { trackChild, stopChild } from '../common/children.ts'
import { freePort } from '../../server/test-support/ports.ts'

export const MOSQUITTO = '/usr/sbin/mosquitto'

export interface Mosquitto {
  readonly version: string
  readonly pid: number | undefined
  readonly tcpPort: number
  readonly wsPort: number
  /** Its notices so far, e.g. "Outgoing messages are being dropped for client ...". */
  notices(): string[]
  stop(): Promise<void>
}

export function hasMosquitto(): boolean {
  return existsSync(MOSQUITTO)
}

/** "mosquitto version 2.0.11" from `mosquitto -h`, or "unknown". */
export function mosquittoVersion(): string {
  const help = spawnSync(MOSQUITTO, ['-h'], { encoding: 'utf8', timeout: 5_000 })
  return /mosquitto version (\S+)/.exec(`${help.stdout}${help.stderr}`)?.[1] ?? 'unknown'
}

/**
 * The system mosquitto on two free loopback ports, configured from a temp dir. It opens its
 * websockets listener only when the config also has a plain TCP listener, hence both.
 */
export async function startMosquitto(): Promise<Mosquitto> {
  const dir = await mkdtemp(join(tmpdir(), 'mqtt-scope-bench-'))
  const tcpPort = await freePort()
  let wsPort = await freePort()
  while (wsPort === tcpPort) wsPort = await freePort()
  const config = join(dir, 'mosquitto.conf')
  await writeFile(
    config,
    [
      'per_listener_settings false',
      'allow_anonymous true',
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      // Where it says it drops QoS 0 messages for a subscriber that cannot keep up.
      'log_type notice',
      `listener ${tcpPort} 127.0.0.1`,
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      // mosquitto 2.0.11's websockets listener ignores the bind address unless told the family.
      'socket_domain ipv4',
      '',
    ].join('\n'),
  )
  const child = trackChild(spawn(MOSQUITTO, ['-c', config], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }))
  let stderr = ''
  const notices = new Set<string>()
  let partialLine = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000)
    const lines = (partialLine + chunk.toString()).split('\n')
    partialLine = lines.pop()!
    for (const line of lines) if (line.includes('dropped')) notices.add(line.replace(/^\d+: /, ''))
  })
  const stop = async () => {
    await stopChild(child)
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await Promise.all([waitForPort(tcpPort, 10_000), waitForPort(wsPort, 10_000)])
    if (child.exitCode !== null) throw new Error('exited')
  } catch (error) {
    await stop()
    throw new Error(`mosquitto did not start (${error instanceof Error ? error.message : String(error)})${stderr ? `:\n${stderr}` : ''}`)
  }
  return { version: mosquittoVersion(), pid: child.pid, tcpPort, wsPort, notices: () => [...notices], stop }
}

/** Polls until something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`nothing listening on port ${port} after ${timeoutMs / 1000} s`)
}
