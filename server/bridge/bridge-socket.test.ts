import { randomBytes } from 'node:crypto'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { BRIDGE_CLOSE } from '../../src/model/bridge-close-codes.ts'
import { withTimeout, waitUntil } from '../test-support/timeout.ts'
import type { BridgeOverrides } from './bridge.ts'
import type { Lookup } from './resolve.ts'
import { apiRequest, closeOf, openBridge, openedBridge, startBridgeServer, ticketFor, type BridgeTestServer } from './test-support/bridge-client.ts'

const TOKEN = 'socket-test-token-0123456789'

const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(flags: string[] = [], overrides: BridgeOverrides = {}): Promise<BridgeTestServer> {
  const srv = await startBridgeServer(flags, overrides)
  cleanups.push(() => srv.close())
  return srv
}

/** A TCP server standing in for a broker; `sockets` are the connections it accepted. */
async function fakeBroker(onSocket: (socket: Socket) => void = () => {}, host = '127.0.0.1'): Promise<{ port: number; sockets: Socket[]; server: Server }> {
  const sockets: Socket[] = []
  const server = createServer((socket) => {
    sockets.push(socket)
    socket.on('error', () => {})
    // Reading (and dropping) unless onSocket says otherwise, so the end of the connection is seen.
    socket.resume()
    onSocket(socket)
  })
  await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  )
  return { port: (server.address() as AddressInfo).port, sockets, server }
}

async function bridgeTo(srv: BridgeTestServer, target: string, options: { token?: string } = {}): Promise<WebSocket> {
  const ws = await openedBridge(srv, await ticketFor(srv, { target }, options))
  cleanups.push(() => ws.terminate())
  return ws
}

function collect(ws: WebSocket): { bytes: () => Buffer; length: () => number } {
  const chunks: Buffer[] = []
  let length = 0
  ws.on('message', (data: Buffer) => {
    chunks.push(data)
    length += data.length
  })
  return { bytes: () => Buffer.concat(chunks), length: () => length }
}

describe('piping', () => {
  it('passes bytes through unchanged both ways, in frames of any size', async () => {
    const broker = await fakeBroker((socket) => socket.pipe(socket))
    const srv = await start()
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    const received = collect(ws)
    const sent: Buffer[] = []
    for (const size of [1, 2, 127, 128, 65_535, 65_536, 300_000, 1, 2_000_000]) {
      const frame = randomBytes(size)
      sent.push(frame)
      ws.send(frame)
    }
    const all = Buffer.concat(sent)
    await waitUntil(() => received.length() >= all.length, 15_000, 'the echo of every byte')
    expect(received.bytes().equals(all)).toBe(true)
  })

  it('holds what the page sends before the broker connection is up, and writes it first', async () => {
    let firstBytes: Buffer | undefined
    const broker = await fakeBroker((socket) => socket.once('data', (chunk: Buffer) => (firstBytes = chunk)))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    // The lookup at connect time (the second) stalls until the page has sent its first frames.
    let lookups = 0
    const srv = await start([], {
      lookup: async () => {
        if (++lookups > 1) await released
        return [{ address: '127.0.0.1' }]
      },
    })
    const ws = await openedBridge(srv, await ticketFor(srv, { target: `mqtt://slow.test:${broker.port}` }))
    cleanups.push(() => ws.terminate())
    ws.send(Buffer.from('CONNECT'))
    ws.send(Buffer.from('+more'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    release()
    await waitUntil(() => firstBytes !== undefined && firstBytes.length >= 12, 5_000, 'the held bytes at the broker')
    expect(firstBytes!.toString()).toBe('CONNECT+more')
  })

  it('connects to the address the server checked: a name only the test resolver knows works', async () => {
    const broker = await fakeBroker((socket) => socket.end('hello'))
    const lookups: string[] = []
    const srv = await start([], {
      lookup: async (host) => {
        lookups.push(host)
        return [{ address: '127.0.0.1' }]
      },
    })
    const ws = await bridgeTo(srv, `mqtt://not-in-any-dns.test:${broker.port}`)
    const received = collect(ws)
    const closed = await closeOf(ws)
    expect(received.bytes().toString()).toBe('hello')
    expect(closed).toEqual({ code: BRIDGE_CLOSE.brokerClosed, reason: 'broker closed the connection' })
    // Once for the ticket, once at connect time; never by the socket itself.
    expect(lookups).toEqual(['not-in-any-dns.test', 'not-in-any-dns.test'])
  })

  it('tries the next checked address when one refuses', async () => {
    const broker = await fakeBroker((socket) => socket.end('from 127.0.0.1'))
    const srv = await start([], { lookup: async () => [{ address: '127.0.0.3' }, { address: '127.0.0.1' }] })
    const ws = await bridgeTo(srv, `mqtt://two.test:${broker.port}`)
    const received = collect(ws)
    await closeOf(ws)
    expect(received.bytes().toString()).toBe('from 127.0.0.1')
  })
})

describe('backpressure', () => {
  it('broker -> page: stops reading the broker while the page does not read, and loses nothing', async () => {
    const total = 48 * 1024 * 1024
    let written = 0
    let writer: Socket | undefined
    const broker = await fakeBroker((socket) => {
      writer = socket
      const chunk = randomBytes(64 * 1024)
      const pump = () => {
        while (written < total) {
          written += chunk.length
          if (!socket.write(chunk)) return void socket.once('drain', pump)
        }
      }
      pump()
    })
    const srv = await start()
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    // The page stops reading: its socket is paused, so the server's WebSocket buffer fills.
    ws.pause()
    await waitUntil(() => writer !== undefined, 5_000, 'the broker connection')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const writtenWhilePaused = written
    // What the broker got out is what the kernel buffers and the bridge's 1 MiB high-water mark
    // hold, far from all 48 MiB.
    expect(writtenWhilePaused).toBeLessThan(total / 2)
    let received = 0
    ws.on('message', (data: Buffer) => (received += data.length))
    ws.resume()
    await waitUntil(() => received === total, 30_000, `all ${total} bytes at the page (got ${received})`)
  })

  it('page -> broker: stops reading the page while the broker does not read, and loses nothing', async () => {
    let brokerSocket: Socket | undefined
    const broker = await fakeBroker((socket) => {
      brokerSocket = socket
      socket.pause()
    })
    const srv = await start()
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    await waitUntil(() => brokerSocket !== undefined, 5_000, 'the broker connection')
    const frame = randomBytes(256 * 1024)
    const frames = 160
    for (let i = 0; i < frames; i++) ws.send(frame)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    // The server stopped taking frames from the page: they wait in the page's own buffer.
    expect(ws.bufferedAmount).toBeGreaterThan(10 * 1024 * 1024)
    let received = 0
    brokerSocket!.on('data', (chunk: Buffer) => (received += chunk.length))
    brokerSocket!.resume()
    await waitUntil(() => received === frames * frame.length, 30_000, `every byte at the broker (got ${received})`)
  })
})

describe('closing', () => {
  it('the broker closing reaches the page after the broker last bytes, with code 4000', async () => {
    const broker = await fakeBroker((socket) => socket.end(Buffer.from([0x20, 0x02, 0x00, 0x05])))
    const srv = await start()
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    const received = collect(ws)
    expect(await closeOf(ws)).toEqual({ code: 4000, reason: 'broker closed the connection' })
    expect([...received.bytes()]).toEqual([0x20, 0x02, 0x00, 0x05])
  })

  it('the page closing ends the broker connection after the page last bytes', async () => {
    let got = Buffer.alloc(0)
    let ended = false
    const broker = await fakeBroker((socket) => {
      socket.on('data', (chunk: Buffer) => (got = Buffer.concat([got, chunk])))
      socket.on('end', () => (ended = true))
    })
    const srv = await start()
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    await waitUntil(() => broker.sockets.length === 1, 5_000, 'the broker connection')
    ws.send(Buffer.from([0xe0, 0x00]))
    ws.close(1000)
    await waitUntil(() => ended, 5_000, 'the broker sees the end')
    expect([...got]).toEqual([0xe0, 0x00])
    await waitUntil(() => srv.logs().includes('the page closed the bridge'), 5_000, 'the close logged')
  })

  it('a connection refused is reported with code 4502', async () => {
    const broker = await fakeBroker()
    const port = broker.port
    await new Promise<void>((resolve) => broker.server.close(() => resolve()))
    const srv = await start()
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${port}`)
    expect(await closeOf(ws)).toEqual({ code: BRIDGE_CLOSE.unreachable, reason: `connection refused by 127.0.0.1:${port}` })
  })

  it('a DNS failure is reported with the code and the name', async () => {
    const notFound: Lookup = async (host) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
    }
    const srv = await start([], { lookup: notFound })
    const ws = await bridgeTo(srv, 'mqtt://nothing.invalid:1883')
    expect(await closeOf(ws)).toEqual({ code: BRIDGE_CLOSE.unreachable, reason: 'DNS failure: ENOTFOUND nothing.invalid' })
  })

  it('a broker that never finishes the TLS handshake hits the connect timeout', async () => {
    const silent = await fakeBroker()
    const srv = await start(['--bridge-connect-timeout', '1'])
    const ws = await bridgeTo(srv, `mqtts://127.0.0.1:${silent.port}`)
    const startedAt = Date.now()
    expect(await closeOf(ws)).toEqual({ code: BRIDGE_CLOSE.connectTimeout, reason: 'connect timeout after 1 s' })
    expect(Date.now() - startedAt).toBeLessThan(3_000)
    await waitUntil(() => silent.sockets.length > 0 && silent.sockets.every((socket) => socket.destroyed), 5_000, 'the attempt abandoned')
  })

  it('a lookup that never answers hits the connect timeout too', async () => {
    let calls = 0
    const srv = await start(['--bridge-connect-timeout', '1'], {
      lookup: (host) => (++calls === 1 ? Promise.resolve([{ address: '127.0.0.1' }]) : new Promise(() => void host)),
    })
    const ws = await bridgeTo(srv, 'mqtt://stuck.test:1883')
    expect(await closeOf(ws)).toEqual({ code: BRIDGE_CLOSE.connectTimeout, reason: 'connect timeout after 1 s (DNS lookup)' })
  })

  it('closes an idle bridge after --bridge-idle-timeout, and traffic keeps it open', async () => {
    const broker = await fakeBroker((socket) => socket.pipe(socket))
    const srv = await start(['--bridge-idle-timeout', '1'])
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    const closed = closeOf(ws)
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300))
      ws.send(Buffer.from([0xc0, 0x00]))
    }
    expect(ws.readyState).toBe(ws.OPEN)
    const quietFrom = Date.now()
    expect(await closed).toEqual({ code: BRIDGE_CLOSE.idleTimeout, reason: 'idle timeout: no data for 1 s' })
    expect(Date.now() - quietFrom).toBeGreaterThanOrEqual(700)
    await waitUntil(() => broker.sockets[0]?.destroyed === true || broker.sockets[0]?.readableEnded === true, 5_000, 'the broker side closed')
  })

  it('refuses a text frame (MQTT is binary) and a frame over --bridge-max-frame-bytes', async () => {
    const broker = await fakeBroker((socket) => socket.pipe(socket))
    const srv = await start(['--bridge-max-frame-bytes', '1024'])
    const text = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    await waitUntil(() => broker.sockets.length === 1, 5_000, 'the broker connection')
    text.send('hello')
    expect(await closeOf(text)).toEqual({ code: 1003, reason: 'MQTT needs binary frames' })

    const big = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    const echoed = collect(big)
    big.send(randomBytes(1024))
    await waitUntil(() => echoed.length() === 1024, 5_000, 'a frame at the limit passes')
    big.send(randomBytes(1025))
    expect((await closeOf(big)).code).toBe(1009)
    await waitUntil(() => broker.sockets[1]?.readableEnded === true || broker.sockets[1]?.destroyed === true, 5_000, 'the broker side closed')
  })

  it('ends every bridge with 1001 when the server stops', async () => {
    const broker = await fakeBroker()
    const srv = await startBridgeServer()
    const ws = await openedBridge(srv, await ticketFor(srv, { target: `mqtt://127.0.0.1:${broker.port}` }))
    await waitUntil(() => broker.sockets.length === 1, 5_000, 'the broker connection')
    const closed = closeOf(ws)
    await srv.close()
    expect(await closed).toMatchObject({ code: 1001, reason: 'the mqtt-scope server is shutting down' })
    await waitUntil(() => broker.sockets[0]!.destroyed || broker.sockets[0]!.readableEnded, 5_000, 'the broker side closed')
  })
})

describe('tickets at the upgrade', () => {
  it('work once: a second use is closed with 4401', async () => {
    const broker = await fakeBroker()
    const srv = await start()
    const ticket = await ticketFor(srv, { target: `mqtt://127.0.0.1:${broker.port}` })
    const first = await openedBridge(srv, ticket)
    cleanups.push(() => first.terminate())
    const second = await openedBridge(srv, ticket)
    expect(await closeOf(second)).toEqual({
      code: BRIDGE_CLOSE.badTicket,
      reason: 'the ticket is unknown, already used or expired (tickets last 30 s): ask for a new one',
    })
    expect(first.readyState).toBe(first.OPEN)
  })

  it('expire', async () => {
    const srv = await start([], { ticketTtlMs: 100 })
    const ticket = await ticketFor(srv, { target: 'mqtt://127.0.0.1:1883' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await closeOf(await openedBridge(srv, ticket))).code).toBe(BRIDGE_CLOSE.badTicket)
  })

  it('must be given and known', async () => {
    const srv = await start()
    const none = await openBridge(srv, '', srv.origin, '/bridge')
    expect('ws' in none && (await closeOf(none.ws)).code).toBe(BRIDGE_CLOSE.noTicket)
    expect((await closeOf(await openedBridge(srv, 'A'.repeat(43)))).code).toBe(BRIDGE_CLOSE.badTicket)
  })

  it('are not needed to learn that the bridge is off', async () => {
    const srv = await start(['--bridge-mode', 'off'])
    expect(await closeOf(await openedBridge(srv, 'A'.repeat(43)))).toEqual({
      code: BRIDGE_CLOSE.refused,
      reason: 'the bridge is off on this server (--bridge-mode off)',
    })
  })

  it('speak subprotocol mqtt', async () => {
    const broker = await fakeBroker()
    const srv = await start()
    const ws = await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    expect(ws.protocol).toBe('mqtt')
  })
})

describe('origin at the upgrade', () => {
  it('refuses a page on another site with 403 before the upgrade, and the ticket is spent', async () => {
    const broker = await fakeBroker()
    const srv = await start()
    const ticket = await ticketFor(srv, { target: `mqtt://127.0.0.1:${broker.port}` })
    const hijack = await openBridge(srv, ticket, 'http://evil.example')
    expect(hijack).toMatchObject({ status: 403 })
    expect(JSON.parse((hijack as { body: string }).body)).toEqual({
      error: "Origin http://evil.example is not this server's origin nor in --allowed-origins",
      rule: 'same origin',
    })
    // Spent by the refused attempt.
    const again = await openBridge(srv, ticket)
    expect('ws' in again && (await closeOf(again.ws)).code).toBe(BRIDGE_CLOSE.badTicket)
    expect(srv.logs()).toContain('bridge upgrade refused')
    expect(broker.sockets).toHaveLength(0)
  })

  it('refuses an upgrade without Origin, and a DNS-rebound Host, in loopback mode', async () => {
    const srv = await start()
    const noOrigin = await openBridge(srv, await ticketFor(srv, { target: 'mqtt://127.0.0.1:1' }), null)
    expect(noOrigin).toMatchObject({ status: 403 })
    expect(JSON.parse((noOrigin as { body: string }).body)).toEqual({ error: 'the request has no Origin header', rule: 'same origin' })
    const rebound = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${srv.httpPort}/bridge?ticket=x`, ['mqtt'], {
        headers: { Origin: `http://evil.example:${srv.httpPort}`, Host: `evil.example:${srv.httpPort}` },
      })
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.once('open', () => reject(new Error('upgraded')))
      ws.once('error', reject)
    })
    expect(rebound).toBe(403)
  })

  it('refuses the ticket from an Origin other than the one that asked for it', async () => {
    const allowed = ['--allowed-origins', 'https://scope.example.com,https://other.example']
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', '127.0.0.1:*', ...allowed])
    const ticket = await ticketFor(srv, { target: 'mqtt://127.0.0.1:1883' }, { origin: 'https://scope.example.com', token: TOKEN })
    // Both origins are allowed: what refuses is that the ticket is another origin's.
    const other = await openBridge(srv, ticket, 'https://other.example')
    expect(other).toMatchObject({ status: 403 })
    expect(JSON.parse((other as { body: string }).body)).toEqual({ error: 'the Origin is not the one the ticket was issued to', rule: 'ticket origin' })
    // Spent by the refused attempt.
    const again = await openBridge(srv, ticket, 'https://scope.example.com')
    expect('ws' in again && (await closeOf(again.ws)).code).toBe(BRIDGE_CLOSE.badTicket)
  })

  it('in restricted mode, refuses an Origin that is not in --allowed-origins, ticket or not', async () => {
    const srv = await start(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', '127.0.0.1:*'])
    const refused = await apiRequest(srv, '/api/bridge/sessions', { target: 'mqtt://127.0.0.1:1883' }, { origin: 'https://scope.example.com', token: TOKEN })
    expect(refused).toMatchObject({ status: 403, body: { rule: 'same origin' } })
    const upgrade = await openBridge(srv, 'anything', 'https://scope.example.com')
    expect(upgrade).toMatchObject({ status: 403 })
  })

  it('in restricted mode, accepts the Origin the ticket was issued to (a reverse proxy on https, listed in --allowed-origins)', async () => {
    const broker = await fakeBroker((socket) => socket.end('ok'))
    const srv = await start([
      '--bridge-mode',
      'restricted',
      '--auth-token',
      TOKEN,
      '--bridge-allow',
      '127.0.0.1:*',
      '--allowed-origins',
      'https://scope.example.com',
    ])
    const ticket = await ticketFor(srv, { target: `mqtt://127.0.0.1:${broker.port}` }, { origin: 'https://scope.example.com', token: TOKEN })
    const ws = await openedBridge(srv, ticket, 'https://scope.example.com')
    const received = collect(ws)
    await closeOf(ws)
    expect(received.bytes().toString()).toBe('ok')
  })
})

describe('the policy at connect time', () => {
  it('checks the addresses again: a name that moved to a denied address since the ticket is refused', async () => {
    let calls = 0
    const srv = await start([], { lookup: async () => [{ address: ++calls === 1 ? '127.0.0.1' : '169.254.169.254' }] })
    const ws = await bridgeTo(srv, 'mqtt://rebinding.test:1883')
    expect(await closeOf(ws)).toEqual({ code: BRIDGE_CLOSE.refused, reason: 'link-local/metadata address 169.254.169.254 is always denied' })
    expect(srv.logs()).toContain('"rule":"always denied 169.254.0.0/16"')
  })
})

describe('caps', () => {
  it('--bridge-max-per-client: the next bridge from that address is refused, at the ticket and at the upgrade', async () => {
    const broker = await fakeBroker()
    const srv = await start(['--bridge-max-per-client', '2'])
    const target = { target: `mqtt://127.0.0.1:${broker.port}` }
    const early = await ticketFor(srv, target)
    const a = await bridgeTo(srv, target.target)
    await bridgeTo(srv, target.target)
    expect(await apiRequest(srv, '/api/bridge/sessions', target, { origin: srv.origin })).toMatchObject({
      status: 429,
      body: { rule: '--bridge-max-per-client', error: 'too many bridges from 127.0.0.1: 2 are open (--bridge-max-per-client)' },
    })
    // A ticket issued before the cap was reached meets it at the upgrade.
    expect(await closeOf(await openedBridge(srv, early))).toEqual({
      code: BRIDGE_CLOSE.tooMany,
      reason: 'too many bridges from 127.0.0.1: 2 are open (--bridge-max-per-client)',
    })
    a.close()
    await waitUntil(async () => (await apiRequest(srv, '/api/bridge/sessions', target, { origin: srv.origin })).status === 200, 5_000, 'a slot free again')
  })

  it('--bridge-max-total counts every client', async () => {
    const broker = await fakeBroker()
    const srv = await start(['--bridge-max-total', '1'])
    await bridgeTo(srv, `mqtt://127.0.0.1:${broker.port}`)
    expect(await apiRequest(srv, '/api/bridge/sessions', { target: 'mqtt://127.0.0.1:1' }, { origin: srv.origin })).toMatchObject({
      status: 429,
      body: { rule: '--bridge-max-total' },
    })
  })

  it('a refused or failed bridge frees its slot', async () => {
    const srv = await start(['--bridge-max-per-client', '1'])
    for (let i = 0; i < 3; i++) {
      const ws = await bridgeTo(srv, 'mqtt://127.0.0.1:1')
      expect((await closeOf(ws)).code).toBe(BRIDGE_CLOSE.unreachable)
      await waitUntil(async () => (await apiRequest(srv, '/api/bridge/policy')).status === 200, 1_000, 'policy')
    }
    await withTimeout(ticketFor(srv, { target: 'mqtt://127.0.0.1:1' }), 5_000, 'a ticket after failed bridges')
  })
})
