import type { Config } from '../config.ts'
import type { BridgeCaps } from './bridge-socket.ts'
import { isLoopbackHost, type BridgeMode, type Refusal } from './policy.ts'

/** What the flags make of the bridge, before anything listens. */
export interface BridgeSettings {
  readonly mode: BridgeMode
  /** Set when the bridge refuses everything, naming why (and the flag that would change it). */
  readonly disabled: Refusal | undefined
  readonly tokenRequired: boolean
  /** '' when there is none. */
  readonly token: string
  readonly caps: BridgeCaps
}

/**
 * loopback mode when --host keeps the server on this machine, else restricted. Restricted mode
 * without a token is off: the bridge would otherwise be a proxy into the network for anyone who
 * can reach the port. A token given in loopback mode is required too.
 */
export function bridgeSettings(config: Config): BridgeSettings {
  const mode: BridgeMode = config.bridgeMode === 'restricted' || !isLoopbackHost(config.host) ? 'restricted' : 'loopback'
  const tokenRequired = mode === 'restricted' || config.authToken !== ''
  let disabled: Refusal | undefined
  if (config.bridgeMode === 'off') disabled = { error: 'the bridge is off on this server (--bridge-mode off)', rule: '--bridge-mode off' }
  else if (mode === 'restricted' && config.authToken === '') {
    const why = config.bridgeMode === 'restricted' ? '--bridge-mode is restricted' : `the server listens on ${config.host}, not on loopback`
    disabled = { error: `the bridge is off: ${why}, so it needs an access token (--auth-token or --auth-token-file)`, rule: '--auth-token' }
  }
  return {
    mode,
    disabled,
    tokenRequired,
    token: config.authToken,
    caps: {
      maxPerClient: config.bridgeMaxPerClient,
      maxTotal: config.bridgeMaxTotal,
      connectTimeoutSeconds: config.bridgeConnectTimeout,
      idleTimeoutSeconds: config.bridgeIdleTimeout,
      maxFrameBytes: config.bridgeMaxFrameBytes,
    },
  }
}
