import type { AuthenticateError } from 'aedes'
import { describePeer } from '../broker/create-broker.ts'
import type { AccessHooks } from '../broker/protocol-hooks.ts'
import type { Logger } from '../logger.ts'
import type { StoreHealth } from './store-health.ts'

/** CONNACK return code 3 (MQTT 3.1.1 table 3.1). */
const SERVER_UNAVAILABLE = 3
/** How long a PUBLISH waits for the store before its connection is closed unacknowledged. */
export const PUBLISH_WAIT_MS = 10_000
/** One log line per kind of refusal at most this often (a reconnect storm would flood the log). */
const LOG_INTERVAL_MS = 5_000

/**
 * What a node does while the cluster's Redis is unavailable (store-health.ts), as aedes hooks
 * around the access hooks. Connected clients stay connected. New state that would have to be
 * stored is refused, each with its reason code:
 * - CONNECT: CONNACK 3 "server unavailable" (every session start reads or clears stored state);
 * - SUBSCRIBE: SUBACK 0x80 for each filter;
 * - PUBLISH: held (the client's later packets wait behind it) until the store is back, at most
 *   PUBLISH_WAIT_MS; then its connection is closed with no PUBACK/PUBREC, so the client still
 *   holds the message and sends it again. Nothing is acknowledged that was not routed.
 */
export function gateOnStore(access: AccessHooks, health: StoreHealth, logger: Logger): AccessHooks {
  const log = throttledLog(logger)
  return {
    authenticate(client, username, password, callback) {
      if (!health.available) {
        log('connect', { clientId: client.id, from: describePeer(client) }, 'cluster store unavailable: CONNECT refused with CONNACK 3 (server unavailable)')
        const error = new Error('cluster store unavailable') as AuthenticateError
        error.returnCode = SERVER_UNAVAILABLE
        callback(error, false)
        return
      }
      if (access.authenticate) access.authenticate(client, username, password, callback)
      else callback(null, true)
    },
    authorizePublish(client, packet, callback) {
      const next = () => (access.authorizePublish ? access.authorizePublish(client, packet, callback) : callback(null))
      if (health.available) {
        next()
        return
      }
      void health.whenAvailable(PUBLISH_WAIT_MS).then((available) => {
        if (available) {
          next()
          return
        }
        log(
          'publish',
          { clientId: client?.id, from: client === null ? 'local' : describePeer(client), topic: packet.topic, qos: packet.qos },
          `cluster store unavailable for ${PUBLISH_WAIT_MS / 1000} s: PUBLISH not acknowledged, connection closed (the client sends it again)`,
        )
        callback(new Error('cluster store unavailable'))
      })
    },
    authorizeSubscribe(client, subscription, callback) {
      if (!health.available) {
        log('subscribe', { clientId: client.id, filter: subscription.topic }, 'cluster store unavailable: SUBSCRIBE refused with SUBACK 0x80')
        callback(null, null)
        return
      }
      if (access.authorizeSubscribe) access.authorizeSubscribe(client, subscription, callback)
      else callback(null, subscription)
    },
    ...(access.authorizeForward === undefined ? {} : { authorizeForward: access.authorizeForward }),
  }
}

/** A warn line per kind, then at most one per LOG_INTERVAL_MS with how many were left out. */
function throttledLog(logger: Logger): (kind: string, fields: Record<string, unknown>, message: string) => void {
  const last = new Map<string, { at: number; skipped: number }>()
  return (kind, fields, message) => {
    const entry = last.get(kind)
    const now = Date.now()
    if (entry !== undefined && now - entry.at < LOG_INTERVAL_MS) {
      entry.skipped++
      return
    }
    logger.warn({ ...fields, ...(entry?.skipped ? { alsoRefused: entry.skipped } : {}) }, message)
    last.set(kind, { at: now, skipped: 0 })
  }
}
