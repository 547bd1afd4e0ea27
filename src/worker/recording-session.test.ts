import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttScopeServer } from '../../server/create-server.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { Explorer } from './explorer.ts'
import { RecordingSession } from './recording-session.ts'

/**
 * The read-only recording session against the real server: a recording imported through
 * POST /api/recordings/import, streamed back by GET /api/recordings/:id/messages and fed to the
 * worker's real Explorer, at each message's recorded time.
 */
const TOKEN = 'recording-session-token-0123456789'
const T0 = 1_700_000_000_000
const COUNT = 3_000

let server: MqttScopeServer
let base: string
let tokenServer: MqttScopeServer
let tokenBase: string

/** Message i: topic dev/<i % 3>, at T0 + 10 i ms; every 7th retained; the 5th with MQTT 5 properties. */
function line(i: number): string {
  return JSON.stringify({
    ts: T0 + i * 10,
    topic: `dev/${i % 3}`,
    qos: i % 3,
    retain: i % 7 === 0,
    payload_base64: Buffer.from(i === 5 ? [0, 255, 7] : `{"n":${i}}`).toString('base64'),
    ...(i === 5 ? { properties: { contentType: 'application/x-raw', correlationData_base64: 'AQI=', userProperties: { site: 'a' } } } : {}),
  })
}
const jsonl = Array.from({ length: COUNT }, (_, i) => line(i)).join('\n') + '\n'

async function importRecording(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${url}/api/recordings/import?name=session-test`, { method: 'POST', body: jsonl, headers })
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: string }).id
}

function player(): { explorer: Explorer; session: RecordingSession } {
  const explorer = new Explorer()
  const session = new RecordingSession({
    reset: () => explorer.clear(),
    rewind: () => explorer.rewind(),
    ingest: (message, at) => void explorer.ingest(message, at),
  })
  return { explorer, session }
}

/** Messages with ts <= at, per the line() rule. */
function countUpTo(at: number): number {
  return Math.min(COUNT, Math.floor((at - T0) / 10) + 1)
}

beforeAll(async () => {
  const started = await startTestServer()
  server = started.server
  base = `http://127.0.0.1:${started.addresses.httpPort}`
  const restricted = await startTestServer(['--auth-token', TOKEN])
  tokenServer = restricted.server
  tokenBase = `http://127.0.0.1:${restricted.addresses.httpPort}`
}, 30_000)
afterAll(async () => {
  await server.close()
  await tokenServer.close()
})

describe('RecordingSession', () => {
  it('loads the whole recording through the live ingest path, then shows it as it was at T, forward and back', async () => {
    const id = await importRecording(base)
    const { explorer, session } = player()
    await session.openRecording(id, 'session-test', { server: base, token: '' })
    expect(session.state).toMatchObject({ phase: 'ready', first: T0, last: T0 + (COUNT - 1) * 10, total: COUNT, loaded: COUNT, at: T0 + (COUNT - 1) * 10 })
    expect(explorer.tree.totalMessages).toBe(COUNT)
    expect(explorer.tree.find('dev/0')?.ownMessages).toBe(COUNT / 3)
    // MQTT 5 properties and binary payloads arrive as they were recorded, at the recorded time.
    const fifth = explorer.tree.history.entries(explorer.tree.find('dev/2')!).find((m) => m.receivedAt === T0 + 50)
    expect(fifth?.payload).toEqual(new Uint8Array([0, 255, 7]))
    expect(fifth?.properties).toMatchObject({ contentType: 'application/x-raw', correlationData: new Uint8Array([1, 2]), userProperties: [['site', 'a']] })

    for (const at of [T0 + 4_995, T0 + 20_000, T0 + 20_000, T0 + 10, T0, T0 + 29_990]) {
      await session.seek(at)
      expect(session.state, `at ${at}`).toMatchObject({ phase: 'ready', at, loaded: countUpTo(at) })
      expect(explorer.tree.totalMessages, `at ${at}`).toBe(countUpTo(at))
      expect(explorer.tree.find('dev/1')?.ownMessages ?? 0).toBe(Math.floor((countUpTo(at) + 1) / 3))
    }
    expect(session.clock()).toBe(T0 + 29_990)
    session.close()
    expect(session.state).toBeUndefined()
    expect(explorer.tree.totalMessages).toBe(0)
  })

  it('loads only the newest of several quick seeks, never a mix of two times', async () => {
    const id = await importRecording(base)
    const { explorer, session } = player()
    await session.openRecording(id, 'session-test', { server: base, token: '' })
    const seeks = [T0 + 100, T0 + 25_000, T0 + 3_000, T0 + 12_340].map((at) => session.seek(at))
    await Promise.all(seeks)
    expect(session.state).toMatchObject({ phase: 'ready', at: T0 + 12_340, loaded: countUpTo(T0 + 12_340) })
    expect(explorer.tree.totalMessages).toBe(countUpTo(T0 + 12_340))
  })

  it('sends the access token, and says why when the server refuses the session', async () => {
    const id = await importRecording(tokenBase, { Authorization: `Bearer ${TOKEN}` })
    const refused = player()
    await refused.session.openRecording(id, 'session-test', { server: tokenBase, token: '' })
    expect(refused.session.state).toMatchObject({ phase: 'failed', error: 'the recording could not be read: HTTP 401: an access token is needed' })
    expect(refused.explorer.tree.totalMessages).toBe(0)
    const wrong = player()
    await wrong.session.openRecording(id, 'session-test', { server: tokenBase, token: 'wrong' })
    expect(wrong.session.state?.error).toBe('the recording could not be read: HTTP 401: the access token is wrong')
    const allowed = player()
    await allowed.session.openRecording(id, 'session-test', { server: tokenBase, token: TOKEN })
    expect(allowed.session.state).toMatchObject({ phase: 'ready', loaded: COUNT })
    expect(allowed.explorer.tree.totalMessages).toBe(COUNT)
  })

  it('says so for a recording that is gone', async () => {
    const { session } = player()
    await session.openRecording('no-such-id', 'gone', { server: base, token: '' })
    expect(session.state).toMatchObject({ phase: 'failed', error: 'the recording could not be read: HTTP 404: no such recording' })
  })
})
