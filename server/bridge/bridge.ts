import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Config } from '../config.ts'
import { GuessLimiter, TOKEN_GUESS_LIMITS, type GuessLimits } from '../http/guess-limiter.ts'
import type { RequestPolicy } from '../http/request-policy.ts'
import type { Logger } from '../logger.ts'
import { handleBridgeApi } from './bridge-api.ts'
import { bridgeSettings, type BridgeSettings } from './bridge-settings.ts'
import { BridgeSocketServer } from './bridge-socket.ts'
import { BRIDGE_LIMITS } from './limits.ts'
import { BridgePolicy } from './policy.ts'
import { systemLookup, type Lookup } from './resolve.ts'
import { TicketStore } from './tickets.ts'

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
