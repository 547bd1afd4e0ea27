import { refusedText, type BridgeFailure } from './bridge-ticket.ts'

/**
 * The close codes the bridge ends a WebSocket with (server/bridge/close-codes.ts); the reason text
 * that comes with them is written for people and shown as it is.
 */
export const BRIDGE_CLOSE_CODES = {
  brokerClosed: 4000,
  brokerError: 4001,
  idleTimeout: 4008,
  noTicket: 4400,
  badTicket: 4401,
  refused: 4403,
  tooMany: 4429,
  unreachable: 4502,
  connectTimeout: 4504,
  binaryOnly: 1003,
  goingAway: 1001,
  /** Set by the browser: no close frame (the upgrade was refused, or the server vanished). */
  abnormal: 1006,
  normal: 1000,
} as const

/**
 * What a bridge WebSocket's close means for the connection. Undefined when it says nothing (a
 * normal close, which we asked for). A TLS failure (certificate problem, client certificate
 * refused) and a policy refusal are final: the same settings would fail the same way.
 */
export function bridgeCloseFailure(code: number, reason: string): BridgeFailure | undefined {
  const C = BRIDGE_CLOSE_CODES
  const text = reason.trim()
  switch (code) {
    case C.normal:
      return undefined
    case C.refused:
      return { failure: refusedText(text || 'the target is not allowed', undefined), final: true }
    case C.unreachable:
    case C.brokerError:
      return { failure: text || 'cannot reach the broker', final: text.startsWith('TLS:') }
    case C.connectTimeout:
      return { failure: text || 'connect timeout', final: false }
    case C.brokerClosed:
      return { failure: text || 'broker closed the connection', final: false }
    case C.idleTimeout:
      return { failure: `bridge closed: ${text || 'idle timeout'}`, final: false }
    case C.badTicket:
    case C.noTicket:
      return { failure: `bridge ticket refused: ${text || 'unknown ticket'}`, final: false }
    case C.tooMany:
      return { failure: `the bridge is busy: ${text || 'too many bridges'}`, final: false }
    case C.goingAway:
      return { failure: text || 'the mqtt-scope server is shutting down', final: false }
    case C.abnormal:
      return { failure: 'the bridge WebSocket failed (refused by the server, or the server is unreachable)', final: false }
    default:
      return { failure: `bridge closed (${code})${text ? `: ${text}` : ''}`, final: false }
  }
}
