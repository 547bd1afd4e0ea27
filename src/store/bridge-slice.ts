import type { StateCreator } from 'zustand'
import { readBridgePolicy, type BridgePolicy } from '@/model/bridge-policy.ts'
import { isBridged } from '@/model/connection-profile.ts'
import type { AppState } from './app-store.ts'

/** The access token is kept for this browser tab's session only, never in localStorage. */
export const TOKEN_STORAGE_KEY = 'mqtt-scope/bridge-token'

export interface TokenPrompt {
  /** Why the token is asked for again (it was wrong), shown in the dialog. */
  readonly error?: string
}

export interface BridgeSlice {
  /** The server's bridge policy; undefined until GET /api/bridge/policy answered. */
  bridgePolicy: BridgePolicy | undefined
  /** The access token for the bridge ('' when none was given). */
  bridgeToken: string
  /** Set while the "Access token" dialog is open. */
  tokenPrompt: TokenPrompt | undefined
  /** GET /api/bridge/policy (with the token when there is one); opens the dialog when a token is needed and missing for an mqtt(s) profile. */
  loadBridgePolicy(): Promise<void>
  /** Checks the token with the server; on success keeps it, closes the dialog and connects again. Returns the problem otherwise. */
  submitToken(token: string): Promise<string | undefined>
  /** Opens the dialog; the server refused the token (or none was given). The stored token is forgotten. */
  tokenRefused(reason?: string): void
  closeTokenPrompt(): void
}

/** The page's own server: the bridge is there. */
function serverOrigin(): string {
  return globalThis.location?.origin ?? 'http://127.0.0.1:8080'
}

function storedToken(): string {
  try {
    return globalThis.sessionStorage?.getItem(TOKEN_STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}

function storeToken(token: string): void {
  try {
    if (token === '') globalThis.sessionStorage?.removeItem(TOKEN_STORAGE_KEY)
    else globalThis.sessionStorage?.setItem(TOKEN_STORAGE_KEY, token)
  } catch {
    // Storage off (private mode, quota): the token lasts until the page is reloaded.
  }
}

type PolicyAnswer = { policy: BridgePolicy } | { unauthorized: true } | { error: string }

async function fetchPolicy(token: string): Promise<PolicyAnswer> {
  try {
    const response = await fetch(`${serverOrigin()}/api/bridge/policy`, {
      headers: token === '' ? {} : { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    })
    if (response.status === 401) return { unauthorized: true }
    if (response.status === 429) {
      // Too many wrong tokens from this address: the server says how long to wait.
      const body = (await response.json().catch(() => ({}))) as { error?: unknown }
      return { error: typeof body.error === 'string' ? `The server refuses more tokens for now: ${body.error}` : 'Too many wrong tokens: try again later' }
    }
    const policy = readBridgePolicy(await response.json())
    return policy === undefined ? { error: `the server answered ${response.status} without a bridge policy` } : { policy }
  } catch (error) {
    return { error: `cannot reach the server: ${error instanceof Error ? error.message : String(error)}` }
  }
}

const activeProfileIsBridged = (s: AppState): boolean => {
  const profile = s.profiles.find((p) => p.id === s.activeProfileId)
  return profile !== undefined && isBridged(profile)
}

export const createBridgeSlice: StateCreator<AppState, [], [], BridgeSlice> = (set, get) => ({
  bridgePolicy: undefined,
  bridgeToken: storedToken(),
  tokenPrompt: undefined,
  async loadBridgePolicy() {
    const answer = await fetchPolicy(get().bridgeToken)
    if ('unauthorized' in answer) {
      // The stored token is no longer right (the server got another one): ask when it is needed.
      storeToken('')
      set({ bridgeToken: '' })
      const retry = await fetchPolicy('')
      if ('policy' in retry) set({ bridgePolicy: retry.policy })
      if (activeProfileIsBridged(get())) get().tokenRefused('The access token is wrong')
      return
    }
    if (!('policy' in answer)) return
    set({ bridgePolicy: answer.policy })
    if (answer.policy.tokenRequired && get().bridgeToken === '' && activeProfileIsBridged(get())) get().tokenRefused()
  },
  async submitToken(token) {
    const trimmed = token.trim()
    if (trimmed === '') return 'Give the access token'
    const answer = await fetchPolicy(trimmed)
    if ('unauthorized' in answer) return 'The access token is wrong'
    if ('error' in answer) return answer.error
    storeToken(trimmed)
    set({ bridgeToken: trimmed, bridgePolicy: answer.policy, tokenPrompt: undefined })
    if (activeProfileIsBridged(get())) get().connect()
    return undefined
  },
  tokenRefused(reason) {
    storeToken('')
    set({ bridgeToken: '', tokenPrompt: reason === undefined ? {} : { error: reason } })
  },
  closeTokenPrompt() {
    set({ tokenPrompt: undefined })
  },
})
