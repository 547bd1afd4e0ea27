import { readFileSync } from 'node:fs'
import { connect, createServer, type AddressInfo, type Server } from 'node:net'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { OPTIONS } from './options.ts'
import { httpRequest } from './test-support/http-request.ts'
import { ClientPool, nextMessage } from './test-support/mqtt-clients.ts'
import { runCli, type Finished } from './test-support/processes.ts'
import { PROJECT_DIR, spawnServer, type ServerProcess } from './test-support/start-server.ts'
import { withTimeout } from './test-support/timeout.ts'

const VERSION = (JSON.parse(readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string }).version
/** A line of a JavaScript stack trace. */
const STACK_LINE = /^\s+at /m

const clients = new ClientPool()
const servers: ServerProcess[] = []
const blockers: Server[] = []

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')))
})

afterAll(async () => {
  await Promise.all(blockers.splice(0).map((b) => new Promise((resolve) => b.close(resolve))))
})

async function start(flags: readonly string[] = []): Promise<ServerProcess> {
  const server = await spawnServer(flags)
  servers.push(server)
  return server
}

/** Holds a port on 127.0.0.1 so the server cannot have it. */
async function occupyPort(): Promise<number> {
  const blocker = createServer()
  blockers.push(blocker)
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject)
    blocker.listen({ host: '127.0.0.1', port: 0 }, resolve)
  })
  return (blocker.address() as AddressInfo).port
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '')
}

describe('mqtt-scope --help and --version', () => {
  it('--help lists every flag and exits 0', async () => {
    const result = await runCli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    for (const option of OPTIONS) {
      expect(result.stdout).toContain(option.flag)
      if (option.env !== undefined) expect(result.stdout).toContain(option.env)
    }
    expect(result.stdout).toContain('--version')
  })

  it('--version prints the version from package.json and exits 0', async () => {
    const result = await runCli(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${VERSION}\n`)
  })
})

describe('mqtt-scope with bad flags', () => {
  it('exits 2 and lists every problem on stderr', async () => {
    const result = await runCli(['--http-port', '70000', '--mqtt-port', 'abc', '--log-level', 'loud', '--nope'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    const problems = lines(result.stderr).filter((line) => line.trimStart().startsWith('- '))
    expect(problems).toHaveLength(4)
    expect(result.stderr).toMatch(/--http-port.*70000/)
    expect(result.stderr).toMatch(/--mqtt-port.*abc/)
    expect(result.stderr).toMatch(/--log-level.*loud/)
    expect(result.stderr).toContain('--nope')
    expect(result.stderr).not.toMatch(STACK_LINE)
  })

  it('exits 2 naming a bad environment variable', async () => {
    const result = await runCli([], { env: { MQTT_SCOPE_MQTT_PORT: 'abc' } })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('MQTT_SCOPE_MQTT_PORT')
  })

  it('exits 2 for a flag without its value', async () => {
    const result = await runCli(['--http-port'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--http-port needs a value')
  })
})

describe('mqtt-scope on a port that is taken', () => {
  function expectOneLineNaming(result: Finished, flag: string, port: number) {
    expect(result.code).not.toBe(0)
    expect(result.code).not.toBeNull()
    const errorLines = lines(result.stderr)
    expect(errorLines).toHaveLength(1)
    expect(errorLines[0]).toContain(flag)
    expect(errorLines[0]).toContain(String(port))
    expect(result.stderr + result.stdout).not.toMatch(STACK_LINE)
    expect(result.stdout).not.toContain('is running')
  }

  it('names --mqtt-port when the MQTT port is in use', async () => {
    const port = await occupyPort()
    const result = await runCli(['--http-port', '0', '--mqtt-port', String(port)])
    expectOneLineNaming(result, '--mqtt-port', port)
    expect(result.stderr).not.toContain('--http-port')
  })

  it('names --http-port when the HTTP port is in use', async () => {
    const port = await occupyPort()
    const result = await runCli(['--http-port', String(port), '--mqtt-port', '0'])
    expectOneLineNaming(result, '--http-port', port)
    expect(result.stderr).not.toContain('--mqtt-port')
  })

  it('names the environment variable that set the taken port', async () => {
    const port = await occupyPort()
    const result = await runCli(['--http-port', '0'], { env: { MQTT_SCOPE_MQTT_PORT: String(port) } })
    expectOneLineNaming(result, 'MQTT_SCOPE_MQTT_PORT', port)
  })
})

describe('mqtt-scope while running', () => {
  it('prints a banner with the app, WebSocket and TCP addresses, and each of them works', async () => {
    const server = await start()
    const output = server.output()
    expect(output).toContain(`mqtt-scope ${VERSION} is running`)
    expect(output).toContain(`http://127.0.0.1:${server.httpPort}/`)
    expect(output).toContain(`ws://127.0.0.1:${server.httpPort}/mqtt`)
    expect(output).toContain(`mqtt://127.0.0.1:${server.mqttPort}`)
    expect(server.httpPort).not.toBe(server.mqttPort)

    const wsUrl = /ws:\/\/\S+\/mqtt/.exec(output)![0]
    const tcpUrl = /mqtt:\/\/\S+/.exec(output)![0]
    const page = await httpRequest(server.httpPort, '/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')

    const [sub, pub] = await Promise.all([clients.connect(wsUrl), clients.connect(tcpUrl)])
    await withTimeout(sub.subscribeAsync('banner/check', { qos: 1 }), 5_000, 'subscribe')
    const got = nextMessage(sub)
    await withTimeout(pub.publishAsync('banner/check', 'hello', { qos: 1 }), 5_000, 'publish')
    expect((await got).payload.toString()).toBe('hello')
  })

  it('shows localhost in the banner when listening on every address', async () => {
    const server = await start(['--host', '0.0.0.0'])
    expect(server.output()).toContain(`App:                 http://localhost:${server.httpPort}/`)
    expect(server.output()).toContain(`mqtt://localhost:${server.mqttPort}`)
  })

  it.each([['SIGTERM'], ['SIGINT']] as const)('exits 0 within 2 s of %s with MQTT clients connected', async (signal) => {
    const server = await start()
    const tcp = await clients.connect(`mqtt://127.0.0.1:${server.mqttPort}`)
    const ws = await clients.connect(`ws://127.0.0.1:${server.httpPort}/mqtt`)
    await withTimeout(tcp.subscribeAsync('some/topic', { qos: 1 }), 5_000, 'subscribe')
    const disconnected = Promise.all([tcp, ws].map((c) => new Promise<void>((resolve) => c.once('close', () => resolve()))))

    const startedAt = Date.now()
    const code = await withTimeout(server.stop(signal), 5_000, `exit after ${signal}`)
    const took = Date.now() - startedAt
    expect(code).toBe(0)
    expect(took).toBeLessThan(2_000)
    await withTimeout(disconnected, 2_000, 'clients see the server go away')
    // The orderly path ran (not only the exit deadline): it logged the signal and each goodbye.
    expect(server.output()).toContain(`"signal":"${signal}"`)
    expect(server.output().match(/client disconnected/g)).toHaveLength(2)
    expect(server.output()).not.toMatch(STACK_LINE)
  })

  it('survives clients that reset the connection around a refused WebSocket upgrade', async () => {
    // Regression: the 404 for an upgrade on a path other than /mqtt left the socket without an
    // 'error' listener, so a client's RST crashed the whole process with ECONNRESET.
    const server = await start()
    const upgrade = (path: string) =>
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const path = i % 4 === 3 ? '/mqtt?broken' : '/not-mqtt'
      return new Promise<void>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: server.httpPort }, () => {
          // A broken handshake on /mqtt is refused by ws itself; drop the key to make it one.
          socket.write(path.startsWith('/mqtt') ? upgrade(path).replace(/Sec-WebSocket-Key.*\r\n/, '') : upgrade(path))
          setTimeout(() => socket.resetAndDestroy(), i % 2 === 0 ? 0 : 10)
        })
        socket.on('error', () => {})
        socket.on('close', () => resolve())
      })
    })
    await withTimeout(Promise.all(attempts), 5_000, 'resetting clients')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(server.child.exitCode, server.output()).toBeNull()
    const health = await httpRequest(server.httpPort, '/api/health')
    expect(health.status).toBe(200)
    expect(server.output()).not.toContain('ECONNRESET')
  })

  it('exits 0 on SIGTERM sent the moment the banner appears', async () => {
    // Regression: the banner was printed before the signal handlers were installed, so a
    // supervisor that stopped the server as soon as it was "ready" killed it outright.
    const codes = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const server = await start()
        return server.stop('SIGTERM')
      }),
    )
    expect(codes).toEqual(Array(4).fill(0))
  }, 60_000)

  it('frees its ports on exit', async () => {
    const server = await start()
    const { httpPort, mqttPort } = server
    expect(await server.stop('SIGTERM')).toBe(0)
    for (const port of [httpPort, mqttPort]) {
      const probe = createServer()
      blockers.push(probe)
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject)
        probe.listen({ host: '127.0.0.1', port }, resolve)
      })
    }
  })
})
