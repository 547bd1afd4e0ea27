import type { AuthenticateError, Client } from 'aedes'
import { describePeer } from '../broker/create-broker.ts'
import type { AccessHooks } from '../broker/protocol-hooks.ts'
import type { Logger } from '../logger.ts'
import { ClientAcl, type AclFile } from './acl.ts'
import { clientIdRule } from './client-id-rule.ts'
import { addressKey, connectAddress, PasswordChecks } from './connect-rate-limit.ts'
import { hashPassword, verifyPassword } from './password-hash.ts'
import { RefusalLog } from './refusal-log.ts'

/** Who may connect and what they may do; built from --users-file, --acl-file and --allow-anonymous. */
export interface AccessRules {
  /** name -> scrypt hash; undefined without --users-file. */
  readonly users: ReadonlyMap<string, string> | undefined
  /** undefined without --acl-file: every topic allowed (but $SYS/ publishes, see protocol-hooks.ts). */
  readonly acl: AclFile | undefined
  /** Clients without a user name (and, without a users file, every client) get in. */
  readonly allowAnonymous: boolean
  /** With users: a client id belongs to one user, only it may use the id (client-id-rule.ts). */
  readonly clientidPrefixesFromUsername: boolean
}

/** CONNACK return codes (MQTT 3.1.1 table 3.1). */
const IDENTIFIER_REJECTED = 2
const SERVER_UNAVAILABLE = 3
const BAD_USERNAME_OR_PASSWORD = 4
const NOT_AUTHORIZED = 5

/**
 * The aedes hooks for users and ACLs (protocol-hooks.ts calls them after its own refusals).
 * - CONNECT without a user name: anonymous, let in when allowAnonymous. With a user name and a
 *   users file: the password is checked (scrypt, async); a wrong one, or an unknown user, gets
 *   CONNACK 4 after the same work (a dummy check), so timing does not tell which. Without a users
 *   file a user name proves nothing: the client counts as anonymous (or gets 4 when anonymous
 *   clients are refused). Password checks are rate-limited per client address and queued fairly
 *   between addresses (connect-rate-limit.ts); over the limit a CONNECT gets CONNACK 5 without
 *   a check. Every refusal is logged at warn with the address, a line per address per minute.
 *   With --clientid-prefixes-from-username, a client id that is not the
 *   client's own gets CONNACK 2 (client-id-rule.ts), after the password check.
 * - With an ACL: PUBLISH needs write access (else the connection is closed, as MQTT 3.1.1 allows
 *   [MQTT-3.3.5-2]); a SUBSCRIBE filter needs read access to some topic it matches (else SUBACK
 *   0x80); every delivery needs read access to its topic, so `#` brings only what the client may
 *   read; a will's topic needs write access at CONNECT (else CONNACK 5).
 */
export function accessHooks(rules: AccessRules, log: Logger): AccessHooks {
  const acls = new WeakMap<Client, ClientAcl>()
  const checks = new PasswordChecks()
  // An unknown user costs the same scrypt work as a known one.
  const dummyHash = rules.users === undefined ? Promise.resolve('') : hashPassword('mqtt-scope: no such user')
  const idRule = rules.clientidPrefixesFromUsername && rules.users !== undefined ? clientIdRule(rules.users.keys()) : undefined

  const refuse = (done: (error: AuthenticateError | null, ok: boolean | null) => void, returnCode: number, message: string): void => {
    const error = new Error(message) as AuthenticateError
    error.returnCode = returnCode
    done(error, false)
  }

  /** Lets the client in as `username` (undefined: anonymous) if its will may be published. */
  const admit = (client: Client, username: string | undefined, done: (error: AuthenticateError | null, ok: boolean | null) => void): void => {
    // Refused here, before aedes registers the client, so the id's current holder is not kicked.
    const idRefusal = idRule?.refusal(client.id, username)
    if (idRefusal !== undefined) {
      log.warn({ clientId: client.id, user: username, from: describePeer(client) }, idRefusal)
      refuse(done, IDENTIFIER_REJECTED, idRefusal)
      return
    }
    if (rules.acl !== undefined) {
      const acl = new ClientAcl(rules.acl, { username, clientId: client.id })
      const will = (client as unknown as { _will?: { topic?: string } | null })._will
      if (typeof will?.topic === 'string' && !acl.canWrite(will.topic)) {
        refuse(done, NOT_AUTHORIZED, `not authorized: the ACL does not let ${who(username)} publish its will to "${will.topic}"`)
        return
      }
      acls.set(client, acl)
    }
    done(null, true)
  }

  const hooks: AccessHooks = {
    authenticate(client, username, password, done) {
      if (username === undefined || rules.users === undefined) {
        if (rules.allowAnonymous) admit(client, undefined, done)
        else if (username === undefined) refuse(done, NOT_AUTHORIZED, 'not authorized: anonymous clients are not allowed (--allow-anonymous)')
        else refuse(done, BAD_USERNAME_OR_PASSWORD, 'bad user name or password: there is no --users-file')
        return
      }
      const stored = rules.users.get(username)
      const check = checks.check(
        client,
        async () => (await verifyPassword(password ?? Buffer.alloc(0), stored ?? (await dummyHash))) && stored !== undefined && password !== undefined,
      )
      if (check === 'rate-limited') {
        refuse(done, NOT_AUTHORIZED, 'not authorized: too many failed password checks from this address, try again in a moment')
        return
      }
      if (check === 'busy') {
        refuse(done, SERVER_UNAVAILABLE, 'server unavailable: too many password checks waiting')
        return
      }
      check.then(
        (admitted) => {
          if (admitted) admit(client, username, done)
          else refuse(done, BAD_USERNAME_OR_PASSWORD, `bad user name or password (user "${username}")`)
        },
        (error: unknown) => {
          log.error({ err: error }, 'password check failed')
          refuse(done, SERVER_UNAVAILABLE, 'server unavailable: the password check failed')
        },
      )
    },
  }
  logRefusals(hooks, new RefusalLog(log))
  if (rules.acl === undefined) return hooks

  return {
    ...hooks,
    authorizePublish(client, packet, callback) {
      // No client: a will left by an earlier run, checked when that client connected.
      if (client === null) return callback(null)
      if (acls.get(client)?.canWrite(packet.topic) === true) return callback(null)
      callback(new Error(`not authorized to publish to "${packet.topic}" (--acl-file)`))
    },
    authorizeSubscribe(client, subscription, callback) {
      if (acls.get(client)?.canSubscribe(subscription.topic) === true) return callback(null, subscription)
      log.info({ clientId: client.id, filter: subscription.topic }, 'subscription refused by the ACL')
      // null refuses this one filter (SUBACK 0x80); an error would close the connection.
      callback(null, null)
    },
    authorizeForward(client, packet) {
      return acls.get(client)?.canRead(packet.topic) === true ? packet : null
    },
  }
}

function who(username: string | undefined): string {
  return username === undefined ? 'an anonymous client' : `user "${username}"`
}

/** Logs every CONNECT that `hooks.authenticate` refuses (rate-limited, see refusal-log.ts). */
function logRefusals(hooks: AccessHooks, refusals: RefusalLog): void {
  const authenticate = hooks.authenticate!
  hooks.authenticate = (client, username, password, done) =>
    authenticate(client, username, password, (error, ok) => {
      if (error !== null) {
        const address = connectAddress(client)
        refusals.refused(addressKey(address), address ?? 'an unknown address', error.message)
      }
      done(error, ok)
    })
}
