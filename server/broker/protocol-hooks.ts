import type { AedesOptions, AuthenticateError, Client } from 'aedes'
import type { TrafficCounters } from './traffic-counters.ts'
import { hasControlCharacter } from './wire-strings.ts'

/** The aedes hooks another part of the server may supply (users, ACL); ours run first. */
export type AccessHooks = Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>

type Hooks = Required<Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>>

const SYS_PREFIX = '$SYS/'
/** CONNACK return code 0x02, "identifier rejected". */
const IDENTIFIER_REJECTED = 2

/**
 * The protocol refusals aedes 1.2 does not make itself, as aedes hooks around `access` (the
 * checks on raw bytes are in the packet guard):
 *
 * - an empty client id with clean session 0 gets CONNACK 0x02 [MQTT-3.1.3-8] (and with MQTT 3.1,
 *   which requires a client id, 1 to 23 characters). aedes would invent an id for it and keep a
 *   session nobody can ever resume;
 * - a client may not publish to `$SYS/`: aedes's default authorizePublish refuses it, and a custom
 *   one replaces the default, so the rule is made again here, before `access` is asked;
 * - a topic filter with control characters is refused on its own (SUBACK 0x80): `callback(null, null)`
 *   refuses one subscription, an error would close the connection;
 * - every PUBLISH sent to a client is counted ($SYS/broker/publish/messages/sent).
 */
export function protocolHooks(counters: TrafficCounters, access: AccessHooks = {}): Hooks {
  /** Clients whose CONNECT had an empty client id they may not have; refused at authenticate, which can send CONNACK 0x02. */
  const emptyIdRefused = new WeakSet<Client>()

  return {
    preConnect(client, packet, callback) {
      if (packet.clientId === '' && (packet.clean === false || packet.protocolVersion === 3)) emptyIdRefused.add(client)
      callback(null, true)
    },
    authenticate(client, username, password, callback) {
      if (emptyIdRefused.has(client)) {
        const error = new Error('identifier rejected: an empty client id needs clean session 1 [MQTT-3.1.3-8]') as AuthenticateError
        error.returnCode = IDENTIFIER_REJECTED
        callback(error, false)
        return
      }
      if (access.authenticate) access.authenticate(client, username, password, callback)
      else callback(null, true)
    },
    authorizePublish(client, packet, callback) {
      if (packet.topic.startsWith(SYS_PREFIX)) {
        callback(new Error(`${SYS_PREFIX} topics are reserved for the broker`))
        return
      }
      if (access.authorizePublish) access.authorizePublish(client, packet, callback)
      else callback(null)
    },
    authorizeSubscribe(client, subscription, callback) {
      if (hasControlCharacter(subscription.topic)) {
        callback(null, null)
        return
      }
      if (access.authorizeSubscribe) access.authorizeSubscribe(client, subscription, callback)
      else callback(null, subscription)
    },
    authorizeForward(client, packet) {
      const forwarded = access.authorizeForward ? access.authorizeForward(client, packet) : packet
      if (forwarded) counters.publishSent++
      return forwarded
    },
  }
}
