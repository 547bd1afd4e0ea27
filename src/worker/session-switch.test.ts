import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ListeningAddresses, MqttScopeServer } from '../../server/create-server.ts'
import { ClientPool, uniqueTopic } from '../../server/test-support/mqtt-clients.ts'
import { startTestServer } from '../../server/test-support/start-server.ts'
import { waitUntil, withTimeout } from '../../server/test-support/timeout.ts'
import type { ConnectionState, ConnectOptions, SubscriptionStatus } from '../model/connection-types.ts'
import type { IncomingMessage } from './mqtt-session.ts'
import { NO_MQTT5 } from './reason-codes.ts'
import { SessionSwitch } from './session-switch.ts'

/**
 * The worker's session switch against the real embedded broker (aedes over /mqtt) and a "dead"
 * broker: a TCP port that accepts and drops every connection, counting them (each is one attempt).
 */
let server: MqttScopeServer
let addresses: ListeningAddresses
let dead: Server
let deadPort = 0
let deadAttempts = 0
const clients = new ClientPool()
const switches: SessionSwitch[] = []

beforeAll(async () => {
  ;({ server, addresses } = await startTestServer())
  dead = createServer((socket: Socket) => {
    deadAttempts++
    socket.destroy()
  })
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve))
  deadPort = (dead.address() as AddressInfo).port
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(switches.splice(0).map((s) => withTimeout(s.disconnect(), 3_000, 'disconnect')))
})

afterAll(async () => {
  await new Promise((resolve) => dead?.close(resolve))
  await server?.close()
})

function options(url: string, profile: string, protocolVersion: 4 | 5 = 4): ConnectOptions {
  return { url, profile, clientId: `switch-${Math.random().toString(36).slice(2, 10)}`, protocolVersion, keepalive: 30, clean: true }
}

interface Recorded {
  readonly sessions: SessionSwitch
  readonly states: ConnectionState[]
  readonly messages: IncomingMessage[]
  readonly subscriptions: Array<[string, SubscriptionStatus]>
  resets: number
}

function recorded(): Recorded {
  const rec: Recorded = {
    states: [],
    messages: [],
    subscriptions: [],
    resets: 0,
    sessions: new SessionSwitch({
      reset: () => rec.resets++,
      started: () => {},
      onState: (state) => rec.states.push(state),
      onMessage: (message) => rec.messages.push(message),
      onSubscription: (filter, status) => rec.subscriptions.push([filter, status]),
      ended: () => {},
    }),
  }
  switches.push(rec.sessions)
  return rec
}

const last = (rec: Recorded) => rec.states.at(-1)
const embeddedUrl = () => `ws://127.0.0.1:${addresses.httpPort}/mqtt`

describe('SessionSwitch', () => {
  it("switching to another profile while one keeps retrying stops the old one's retries, and only the new one reports", async () => {
    const rec = recorded()
    void rec.sessions.connect(options(`ws://127.0.0.1:${deadPort}/mqtt`, 'Dead broker'), [{ filter: '#', qos: 0 }])
    await waitUntil(() => rec.states.some((s) => s.state === 'reconnecting'), 10_000, 'the dead profile retries')
    expect(last(rec)).toMatchObject({ profile: 'Dead broker', url: `ws://127.0.0.1:${deadPort}/mqtt` })

    await rec.sessions.connect(options(embeddedUrl(), 'Embedded broker'), [{ filter: '#', qos: 0 }])
    const switchedAt = rec.states.length
    await waitUntil(() => last(rec)?.state === 'connected', 5_000, 'connected to the embedded broker')
    const attempts = deadAttempts
    // MQTT.js would retry every 2 s: wait for two periods.
    await new Promise((resolve) => setTimeout(resolve, 4_500))
    expect(deadAttempts).toBe(attempts)
    const after = rec.states.slice(switchedAt)
    expect(
      after.every((s) => s.profile === 'Embedded broker' && s.url === embeddedUrl()),
      JSON.stringify(after),
    ).toBe(true)
    expect(last(rec)).toMatchObject({ state: 'connected', profile: 'Embedded broker' })
  })

  it('drops what the old session still sends once another connect was asked for; subscriptions asked meanwhile go to the new session', async () => {
    const rec = recorded()
    const topic = uniqueTopic('switch')
    await rec.sessions.connect(options(embeddedUrl(), 'First'), [{ filter: `${topic}/#`, qos: 0 }])
    await waitUntil(() => rec.subscriptions.some(([, s]) => s.state === 'granted'), 5_000, 'first subscription granted')
    const device = await clients.connect(`mqtt://127.0.0.1:${addresses.mqttPort}`)
    const switching = rec.sessions.connect(options(embeddedUrl(), 'Second'), [{ filter: `${topic}/#`, qos: 0 }])
    rec.sessions.subscribe(`${topic}-extra/#`, 0)
    const before = rec.messages.length
    await device.publishAsync(`${topic}/late`, 'for the first session only')
    await switching
    expect(rec.resets).toBeGreaterThanOrEqual(2)
    await waitUntil(() => last(rec)?.state === 'connected' && last(rec)?.profile === 'Second', 5_000, 'second connected')
    await waitUntil(() => rec.subscriptions.filter(([f, s]) => f === `${topic}-extra/#` && s.state === 'granted').length > 0, 5_000, 'extra granted')
    expect(rec.messages.slice(before).map((m) => m.topic)).not.toContain(`${topic}/late`)
    expect(rec.states.filter((s) => s.reason === 'closed by you')).toEqual([])
    await device.publishAsync(`${topic}-extra/x`, 'to the second')
    await waitUntil(() => rec.messages.some((m) => m.topic === `${topic}-extra/x`), 5_000, 'the second session gets the extra filter')
  })

  it('disconnect reports "closed by you" with the profile, then nothing more', async () => {
    const rec = recorded()
    await rec.sessions.connect(options(embeddedUrl(), 'Mine'), [])
    await waitUntil(() => last(rec)?.state === 'connected', 5_000, 'connected')
    await rec.sessions.disconnect()
    expect(last(rec)).toMatchObject({ state: 'closed', reason: 'closed by you', profile: 'Mine', url: embeddedUrl() })
    expect(rec.sessions.current).toBeUndefined()
  })

  it('MQTT 5 against the embedded broker (3.1.1 only) closes with the refusal and stops: no reconnecting', async () => {
    const rec = recorded()
    await rec.sessions.connect(options(embeddedUrl(), 'Embedded broker', 5), [{ filter: '#', qos: 0 }])
    await waitUntil(() => last(rec)?.state === 'closed', 5_000, `closed (states: ${JSON.stringify(rec.states)})`)
    expect(last(rec)).toMatchObject({ state: 'closed', reason: NO_MQTT5, protocolVersion: 5 })
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'closed'])
  })
})
