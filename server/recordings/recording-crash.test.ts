import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { parseRecordingJsonl } from '../../src/model/recording-jsonl.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { spawnServer, type ServerProcess } from '../test-support/start-server.ts'

/** A recording survives kill -9 of the real `mqtt-scope` process and resumes after the restart. */
const pool = new ClientPool()
const servers: ServerProcess[] = []
let dir: string | undefined
afterEach(async () => {
  await pool.closeAll()
  await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')))
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

async function api(port: number, path: string, json?: unknown): Promise<{ id: string; state: string; messages: number }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, json === undefined ? {} : { method: 'POST', body: JSON.stringify(json) })
  return (await response.json()) as { id: string; state: string; messages: number }
}

async function exportText(port: number, id: string): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/api/recordings/${id}/messages`)).text()
}

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

it('loses nothing acknowledged more than a second before kill -9, and records again after the restart', async () => {
  dir = mkdtempSync(join(tmpdir(), 'rec-crash-'))
  const first = await spawnServer(['--data-dir', dir])
  servers.push(first)
  const { id } = await api(first.httpPort, '/api/recordings', { name: 'crash', filters: ['crash/#'], qos: 1 })
  await until('recording', async () => (await api(first.httpPort, `/api/recordings/${id}`)).state === 'recording')

  const device = await pool.connect(`mqtt://127.0.0.1:${first.mqttPort}`)
  const acked: Array<{ topic: string; at: number }> = []
  const deadline = Date.now() + 2_500
  for (let i = 0; Date.now() < deadline; i++) {
    await device.publishAsync(`crash/${i}`, Buffer.from([i & 255]), { qos: 1 })
    acked.push({ topic: `crash/${i}`, at: Date.now() })
  }
  const killedAt = Date.now()
  await first.stop('SIGKILL')
  servers.length = 0
  await pool.closeAll()
  expect(statSync(join(dir, 'recordings.sqlite')).size).toBeGreaterThan(0)

  const second = await spawnServer(['--data-dir', dir])
  servers.push(second)
  const exported = parseRecordingJsonl(await exportText(second.httpPort, id))
  if (!exported.ok) throw new Error(exported.reason)
  const stored = new Set(exported.messages.map((m) => m.topic))
  const mustHave = acked.filter((a) => a.at < killedAt - 1_000)
  expect(mustHave.length).toBeGreaterThan(10)
  expect(mustHave.filter((a) => !stored.has(a.topic))).toEqual([])

  await until('resumed', async () => (await api(second.httpPort, `/api/recordings/${id}`)).state === 'recording')
  const before = (await api(second.httpPort, `/api/recordings/${id}`)).messages
  const again = await pool.connect(`mqtt://127.0.0.1:${second.mqttPort}`)
  await again.publishAsync('crash/after', 'x', { qos: 1 })
  await until('recorded after restart', async () => (await api(second.httpPort, `/api/recordings/${id}`)).messages === before + 1)
}, 60_000)
