import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Config } from '../config.ts'
import { GuessLimiter, TOKEN_GUESS_LIMITS, type GuessLimits } from '../http/guess-limiter.ts'
import type { RequestPolicy } from '../http/request-policy.ts'
import type { Logger } from '../logger.ts'
import { handleBridgeApi } from './bridge-api.ts'
import { BridgeSocketServer, type BridgeCaps } from './bridge-socket.ts'
import { BRIDGE_LIMITS } from './limits.ts'
import { BridgePolicy, isLoopbackHost, type BridgeMode, type Refusal } from './policy.ts'
import { systemLookup, type Lookup } from './resolve.ts'
import { TicketStore } from './tickets.ts'

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

/** Test hooks: a resolver that makes names point anywhere, a shorter ticket life, a faster guess refill. */
export interface BridgeOverrides {
  readonly lookup?: Lookup
  readonly ticketTtlMs?: number
  readonly tokenGuesses?: GuessLimits
}

export interface Bridge {
  readonly settings: BridgeSettings
  readonly policy: BridgePolicy
  /** Answers /api/bridge/*; false for other paths. */
  handleApi(req: IncomingMessage, res: ServerResponse, urlPath: string): boolean
  /** The /bridge WebSocket upgrade. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  close(): void
}

export function createBridge(config: Config, logger: Logger, requestPolicy: RequestPolicy, overrides: BridgeOverrides = {}): Bridge {
  const settings = bridgeSettings(config)
  // The ports the flags name; createServer's listen() replaces them with the real ones (port 0).
  const serverPorts = [config.httpPort, config.mqttPort, ...(config.tlsCert === '' ? [] : [config.mqttsPort])]
  const policy = new BridgePolicy({ mode: settings.mode, allow: config.bridgeAllow, deny: config.bridgeDeny, serverPorts })
  const tickets = new TicketStore({ ttlMs: overrides.ticketTtlMs ?? BRIDGE_LIMITS.ticketTtlMs, maxPending: BRIDGE_LIMITS.maxPendingTickets })
  const lookup = overrides.lookup ?? systemLookup
  const sockets = new BridgeSocketServer({ policy, tickets, caps: settings.caps, lookup, logger, requestPolicy, disabled: settings.disabled })
  const guesses = new GuessLimiter(overrides.tokenGuesses ?? TOKEN_GUESS_LIMITS)
  const context = { settings, policy, tickets, sockets, lookup, logger, requestPolicy, guesses }

  if (settings.disabled !== undefined && config.bridgeMode !== 'off') logger.warn({ rule: settings.disabled.rule }, settings.disabled.error)
  else if (settings.mode === 'restricted' && config.bridgeAllow.length === 0) {
    logger.warn('bridge: restricted mode with an empty --bridge-allow, so no target is allowed')
  }

  return {
    settings,
    policy,
    handleApi: (req, res, urlPath) => handleBridgeApi(context, req, res, urlPath),
    handleUpgrade: (req, socket, head) => sockets.handleUpgrade(req, socket, head),
    close: () => sockets.close(),
  }
}
