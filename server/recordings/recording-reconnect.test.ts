import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { MOSQUITTO, startMosquitto } from '../../e2e/fixtures/mosquitto.ts'
import type { MqttScopeServer } from '../create-server.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { freePort, waitForPort } from '../test-support/ports.ts'
import { recordingsApi, until } from '../test-support/recordings-client.ts'
import { startTestServer } from '../test-support/start-server.ts'

/**
 * A recording whose target drops or refuses: the recorder reconnects with growing delays and
 * GET /api/recordings shows "connecting" with the reason and the next attempt, then "recording"
 * again once the broker is back. Debian's mosquitto is stopped and started again on the same
 * port, and refuses a wrong password (CONNACK 0x87 over MQTT 5).
 */
let server: MqttScopeServer
let api: ReturnType<typeof recordingsApi>
const pool = new ClientPool()
const children: ChildProcess[] = []
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-reconnect-'))
  const started = await startTestServer()
  server = started.server
  api = recordingsApi(`http://127.0.0.1:${started.addresses.httpPort}`)
})
afterAll(async () => {
  await server?.close()
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => pool.closeAll())

/** mosquitto on this very port (the fixture picks a free one each time); stopped by its pid. */
async function mosquittoOn(port: number): Promise<{ stop(): Promise<void> }> {
  const config = join(dir, `mosquitto-${port}.conf`)
  writeFileSync(config, [`user ${userInfo().username}`, 'allow_anonymous true', 'persistence false', `listener ${port} 127.0.0.1`, ''].join('\n'))
  const child = spawn(MOSQUITTO, ['-c', config], { stdio: 'ignore' })
  children.push(child)
  await waitForPort(port, 10_000, () => child.exitCode === null)
  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

interface Row {
  state: string
  reason?: string
  messages: number
}

async function row(id: string): Promise<Row> {
  return (await api(`/api/recordings/${id}`)).body as unknown as Row
}

it('reconnects with backoff while mosquitto is stopped, says why, and records again once it is back', async () => {
  const port = await freePort()
  const first = await mosquittoOn(port)
  const url = `mqtt://127.0.0.1:${port}`
  const started = await api('/api/recordings', { name: 'drops', url, filters: ['rc/#'], qos: 1 })
  expect(started.status).toBe(201)
  const id = started.body.id!
  let last: Row | undefined
  await until(
    'recording',
    async () => (last = await row(id)).state === 'recording',
    15_000,
    () => last,
  )
  const device = await pool.connect(url)
  for (let i = 0; i < 10; i++) await device.publishAsync(`rc/${i}`, String(i), { qos: 1 })
  await until('10 recorded', async () => (await row(id)).messages === 10)
  await pool.closeAll()

  await first.stop()
  // The delays grow: 1 s, 2 s, 4 s... and each reason names the refusal and the next attempt.
  const reasons = new Set<string>()
  await until(
    'a third failed attempt',
    async () => {
      last = await row(id)
      if (last.reason !== undefined) reasons.add(last.reason)
      return /attempt 4 in 4 s/.test(last.reason ?? '')
    },
    20_000,
    () => [...reasons],
  )
  expect(last!.state).toBe('connecting')
  expect([...reasons].some((r) => /ECONNREFUSED.*attempt 3 in 2 s/.test(r))).toBe(true)
  expect(last!.messages).toBe(10)
  const listed = ((await api('/api/recordings')).body.recordings as Array<Row & { id: string }>).find((r) => r.id === id)
  expect(listed).toMatchObject({ state: 'connecting', messages: 10 })
  expect(listed!.reason).toMatch(/attempt \d+ in \d+ s/)

  const second = await mosquittoOn(port)
  try {
    await until(
      'recording again',
      async () => (last = await row(id)).state === 'recording',
      20_000,
      () => last,
    )
    const again = await pool.connect(url)
    for (let i = 10; i < 15; i++) await again.publishAsync(`rc/${i}`, String(i), { qos: 1 })
    await until(
      '15 recorded',
      async () => (last = await row(id)).messages === 15,
      10_000,
      () => last,
    )
  } finally {
    await api(`/api/recordings/${id}`, undefined, { method: 'DELETE' })
    await second.stop()
  }
}, 60_000)

it('a wrong password: "connecting" with the broker\'s refusal, retried with backoff; the right one records', async () => {
  const broker = await startMosquitto({ username: 'rec-user', password: 'right-password' })
  try {
    const wrong = await api('/api/recordings', { name: 'bad pw', url: broker.tcpUrl, filters: ['pw/#'], username: 'rec-user', password: 'wrong' })
    expect(wrong.status).toBe(201)
    let last: Row | undefined
    await until(
      'refused twice',
      async () => /attempt 3 in 2 s/.test((last = await row(wrong.body.id!)).reason ?? ''),
      15_000,
      () => last,
    )
    expect(last).toMatchObject({ state: 'connecting', messages: 0 })
    expect(last!.reason).toContain('Not authorized')
    expect(JSON.stringify((await api('/api/recordings')).body)).not.toContain('wrong')

    const right = await api('/api/recordings', { name: 'good pw', url: broker.tcpUrl, filters: ['pw/#'], username: 'rec-user', password: 'right-password' })
    await until(
      'recording',
      async () => (last = await row(right.body.id!)).state === 'recording',
      15_000,
      () => last,
    )
    const device = await pool.connect(broker.tcpUrl, { username: 'rec-user', password: 'right-password' })
    await device.publishAsync('pw/1', 'x', { qos: 1 })
    await until('recorded', async () => (await row(right.body.id!)).messages === 1)
    expect((await row(wrong.body.id!)).state).toBe('connecting')
    for (const id of [wrong.body.id!, right.body.id!]) await api(`/api/recordings/${id}`, undefined, { method: 'DELETE' })
  } finally {
    await broker.stop()
  }
}, 40_000)
