import { BRIDGE_CLOSE } from '../model/bridge-close-codes.ts'
import { refusedText, type BridgeFailure } from './bridge-ticket.ts'

/**
 * What a bridge WebSocket's close (model/bridge-close-codes.ts) means for the connection; the reason
 * text that comes with it is written for people and shown as it is. Undefined when it says nothing
 * (a normal close, which we asked for). A TLS failure (certificate problem, client certificate
 * refused) and a policy refusal are final: the same settings would fail the same way.
 */
export function bridgeCloseFailure(code: number, reason: string): BridgeFailure | undefined {
  const C = BRIDGE_CLOSE
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
