/**
 * --clientid-prefixes-from-username: with a users file, every client id belongs to at most one
 * user, and only that user may connect with it. Without it, any client could connect with
 * another user's client id: MQTT lets the newcomer take over, so the owner is disconnected, its
 * persistent session (subscriptions, queued messages) is handed over, and ACL patterns with `%c`
 * grant the newcomer the owner's topics.
 *
 * The rule, in the spirit of mosquitto's `use_username_as_clientid` and `clientid_prefixes`
 * (`mosquitto_sub -I alice-` makes such ids):
 * - client id `alice`, or `alice-` followed by anything (`alice-kitchen`, `alice-3f2a`), belongs to
 *   user alice. When several user names fit, the longest owns it: with users `alice` and
 *   `alice-bob`, `alice-bob-1` is alice-bob's, so no user can claim another's ids. `-` is the only
 *   separator: `alice/x` is nobody's (and `%c` patterns ignore ids with `/` anyway).
 * - A user may connect only with an id that belongs to it. An empty client id (the server makes
 *   one up) is refused too, since the made-up id belongs to no user.
 * - An anonymous client (where --allow-anonymous lets it in) may use any id that belongs to no
 *   user. So its refusal tells it that such a user exists: refuse anonymous clients where user
 *   names must stay secret.
 * A refused CONNECT gets CONNACK 0x02 "identifier rejected" before it can touch the session.
 */
export interface ClientIdRule {
  /** The user `clientId` belongs to, or undefined. */
  ownerOf(clientId: string): string | undefined
  /** Why `username` (undefined: anonymous) may not use `clientId`, or undefined when it may. */
  refusal(clientId: string, username: string | undefined): string | undefined
}

export const CLIENT_ID_SEPARATOR = '-'

export function clientIdRule(userNames: Iterable<string>): ClientIdRule {
  const names = new Set(userNames)
  // Only prefixes this long can be user names: bounds the work for a 64 KiB client id.
  let longest = 0
  for (const name of names) longest = Math.max(longest, name.length)

  const ownerOf = (clientId: string): string | undefined => {
    if (clientId.length <= longest && names.has(clientId)) return clientId
    for (let at = Math.min(clientId.length - 1, longest); at > 0; at--) {
      if (clientId[at] !== CLIENT_ID_SEPARATOR) continue
      const name = clientId.slice(0, at)
      if (names.has(name)) return name
    }
    return undefined
  }

  return {
    ownerOf,
    refusal(clientId, username) {
      const owner = ownerOf(clientId)
      if (owner === username) return undefined
      if (username === undefined) {
        return `identifier rejected: client id "${clip(clientId)}" belongs to a user (--clientid-prefixes-from-username); connect as that user`
      }
      return `identifier rejected: user "${clip(username)}" may only use the client id "${clip(username)}" or one starting with "${clip(username)}${CLIENT_ID_SEPARATOR}" (--clientid-prefixes-from-username)`
    },
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}
