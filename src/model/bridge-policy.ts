/**
 * What GET /api/bridge/policy tells the page about the server's bridge, so the profile editor can
 * say what mqtt:// and mqtts:// targets may be reached (and the page can ask for the access token)
 * before anything is tried. The server decides every connection itself; this is only its summary.
 */
export interface BridgePolicy {
  /** loopback: the server serves this machine only; restricted: token + allow-list. */
  readonly mode: 'loopback' | 'restricted'
  readonly enabled: boolean
  /** Why the bridge is off, naming the flag that would change it. */
  readonly disabledReason: string | undefined
  readonly tokenRequired: boolean
  readonly allow: readonly string[]
  readonly deny: readonly string[]
  /** Restricted mode without the token: the lists are not shown. */
  readonly listsHidden: boolean
  readonly alwaysDenied: readonly string[]
  /** The target schemes the server takes: ws and wss mean it can relay WebSocket brokers. */
  readonly schemes: readonly string[]
}

/** The policy JSON as the server sends it, or undefined when it is not one. */
export function readBridgePolicy(value: unknown): BridgePolicy | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (v.mode !== 'loopback' && v.mode !== 'restricted') return undefined
  if (typeof v.enabled !== 'boolean' || typeof v.tokenRequired !== 'boolean') return undefined
  return {
    mode: v.mode,
    enabled: v.enabled,
    disabledReason: typeof v.disabledReason === 'string' ? v.disabledReason : undefined,
    tokenRequired: v.tokenRequired,
    allow: texts(v.allow),
    deny: texts(v.deny),
    listsHidden: v.listsHidden === true,
    alwaysDenied: texts(v.alwaysDenied),
    schemes: v.schemes === undefined ? ['mqtt', 'mqtts'] : texts(v.schemes),
  }
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/**
 * Whether a ws:// or wss:// profile with "Relay through the server" goes through the server: the
 * bridge is on, the server relays WebSocket targets, and its lists may allow the target (restricted
 * mode with an empty or hidden allow-list allows nothing that a profile could name). The server
 * still decides each connection; a refusal then shows its reason as for mqtt://.
 */
export function policyAllowsRelay(policy: BridgePolicy | undefined): boolean {
  if (policy === undefined || !policy.enabled || !policy.schemes.includes('ws')) return false
  return policy.mode === 'loopback' || (!policy.listsHidden && policy.allow.length > 0)
}

/** One line for the profile editor under a ws(s) URL, beside "Relay through the server". */
export function describeRelay(policy: BridgePolicy | undefined, relay: boolean): string {
  if (!relay) return 'Opened by the browser directly (one WebSocket frame per MQTT packet)'
  if (!policyAllowsRelay(policy)) return "This server's bridge does not relay to it: opened by the browser directly"
  return 'The server opens the WebSocket and sends the page few large frames (faster for busy brokers)'
}

/** One line for the profile editor under an mqtt(s) URL. */
export function describeBridgePolicy(policy: BridgePolicy | undefined): string {
  const through = "Reached through this server's bridge"
  if (policy === undefined) return `${through}.`
  if (!policy.enabled) return policy.disabledReason ?? 'The bridge is off on this server.'
  const token = policy.tokenRequired ? ' It needs an access token.' : ''
  const deny = policy.deny.length > 0 ? ` Never: ${policy.deny.join(', ')}.` : ''
  if (policy.listsHidden) return `${through}: only the targets its allow-list names.${token}`
  if (policy.allow.length === 0) {
    return policy.mode === 'loopback' ? `${through}: any target.${deny}${token}` : `${through}: no target is allowed (--bridge-allow is empty).`
  }
  return `${through}: it allows ${policy.allow.join(', ')}.${deny}${token}`
}
