import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WorkerCommand } from '@/worker/protocol.ts'
import { startBridgeServer, type BridgeTestServer } from '../../server/bridge/test-support/bridge-client.ts'
import { newProfile } from '@/model/connection-profile.ts'

/**
 * The bridge part of the store against a real server's GET /api/bridge/policy: the page's origin
 * is the server's (location), the token lives in sessionStorage.
 */
const TOKEN = 'store-test-token-0123456789'

class MemoryStorage {
  readonly #items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value)
  }
  removeItem(key: string): void {
    this.#items.delete(key)
  }
}

let srv: BridgeTestServer
let store: typeof import('./app-store.ts').useAppStore
let initial: ReturnType<typeof store.getState>
let sent: WorkerCommand[] = []
const session = new MemoryStorage()

beforeAll(async () => {
  srv = await startBridgeServer(['--bridge-mode', 'restricted', '--auth-token', TOKEN, '--bridge-allow', '127.0.0.1:1883'])
  vi.stubGlobal('location', { origin: srv.origin, protocol: 'http:', host: new URL(srv.origin).host })
  vi.stubGlobal('sessionStorage', session)
  store = (await import('./app-store.ts')).useAppStore
  initial = store.getState()
  const { setCommandSink } = await import('./command-sink.ts')
  setCommandSink((command) => sent.push(command))
})

beforeEach(() => {
  sent = []
  const bridged = newProfile({ id: 'b', name: 'Bridged', url: 'mqtt://127.0.0.1:1883' })
  store.setState({ ...initial, profiles: [...initial.profiles, bridged], activeProfileId: 'b' }, true)
})

afterEach(() => {
  session.removeItem('mqtt-scope/bridge-token')
})

afterAll(async () => {
  vi.unstubAllGlobals()
  await srv?.close()
})

const connects = () => sent.filter((c): c is Extract<WorkerCommand, { type: 'connect' }> => c.type === 'connect')

describe('the bridge policy and the access token', () => {
  it('reads the policy; a token is needed, so the dialog opens for an mqtt:// profile', async () => {
    await store.getState().loadBridgePolicy()
    expect(store.getState().bridgePolicy).toMatchObject({ mode: 'restricted', enabled: true, tokenRequired: true, listsHidden: true, allow: [] })
    expect(store.getState().tokenPrompt).toEqual({})
  })

  it('does not ask while a ws:// profile is active', async () => {
    store.setState({ activeProfileId: initial.activeProfileId })
    await store.getState().loadBridgePolicy()
    expect(store.getState().tokenPrompt).toBeUndefined()
  })

  it("connects mqtt:// through the page's server; asks for the token the policy requires", async () => {
    await store.getState().loadBridgePolicy()
    store.getState().closeTokenPrompt()
    expect(store.getState().connect()).toBeUndefined()
    expect(store.getState().tokenPrompt).toEqual({})
    expect(connects().at(-1)?.options).toMatchObject({ url: 'mqtt://127.0.0.1:1883', bridge: { server: srv.origin, target: 'mqtt://127.0.0.1:1883' } })
    expect(connects().at(-1)?.options.bridge?.token).toBeUndefined()
  })

  it('checks the token with the server: a wrong one is refused, the right one is kept for the session and used', async () => {
    await store.getState().loadBridgePolicy()
    expect(await store.getState().submitToken('wrong-token-0123456789')).toBe('The access token is wrong')
    expect(session.getItem('mqtt-scope/bridge-token')).toBeNull()
    expect(store.getState().tokenPrompt).toEqual({})

    expect(await store.getState().submitToken(` ${TOKEN} `)).toBeUndefined()
    expect(session.getItem('mqtt-scope/bridge-token')).toBe(TOKEN)
    expect(store.getState().tokenPrompt).toBeUndefined()
    // With the token the lists are shown.
    expect(store.getState().bridgePolicy).toMatchObject({ listsHidden: false, allow: ['127.0.0.1:1883'] })
    expect(connects().at(-1)?.options.bridge).toMatchObject({ token: TOKEN })
  })

  it('asks again when the bridge refuses the token, and forgets it', () => {
    store.setState({ bridgeToken: TOKEN })
    session.setItem('mqtt-scope/bridge-token', TOKEN)
    store
      .getState()
      .applyEvent({ type: 'connection', connection: { state: 'closed', reason: 'the bridge refused the access token: it is wrong', needsToken: true } })
    expect(store.getState().tokenPrompt).toEqual({ error: 'The access token is wrong' })
    expect(store.getState().bridgeToken).toBe('')
    expect(session.getItem('mqtt-scope/bridge-token')).toBeNull()
  })

  it('drops a stored token the server no longer takes', async () => {
    store.setState({ bridgeToken: 'an-old-token-0123456789' })
    await store.getState().loadBridgePolicy()
    expect(store.getState().bridgeToken).toBe('')
    expect(store.getState().bridgePolicy).toMatchObject({ tokenRequired: true })
    expect(store.getState().tokenPrompt).toEqual({ error: 'The access token is wrong' })
  })

  // Last: it uses up this address's wrong guesses on the shared server.
  it('says when the server refuses more guesses (429), instead of "wrong"', async () => {
    const answers: Array<string | undefined> = []
    for (let i = 0; i < 11; i++) {
      answers.push(await store.getState().submitToken(`wrong-token-${i}-0123456789`))
      if (answers.at(-1)?.startsWith('The server refuses')) break
    }
    expect(answers.at(-1)).toMatch(/^The server refuses more tokens for now: too many wrong access tokens from 127\.0\.0\.1: try again in \d+ s$/)
    expect(new Set(answers.slice(0, -1))).toEqual(new Set(['The access token is wrong']))
    expect(session.getItem('mqtt-scope/bridge-token')).toBeNull()
  })
})
