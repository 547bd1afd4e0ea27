/** Who may connect to the embedded broker and what they may do: users, ACL, anonymous clients, client ids. */
import type { OptionSpec } from './option-spec.ts'

export const ACCESS_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--users-file',
    key: 'usersFile',
    env: 'MQTT_SCOPE_USERS_FILE',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'MQTT users, one name:scrypt-hash per line; manage it with `mqtt-scope user add|remove|list`. Read at start.',
  },
  {
    flag: '--acl-file',
    key: 'aclFile',
    env: 'MQTT_SCOPE_ACL_FILE',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none (every topic allowed)',
    help: 'Who may publish and subscribe to what (mosquitto-style: user, topic read|write|readwrite|deny, pattern with %u %c). Read at start.',
  },
  {
    flag: '--allow-anonymous',
    key: 'allowAnonymous',
    env: 'MQTT_SCOPE_ALLOW_ANONYMOUS',
    kind: 'flag',
    defaultValue: true,
    defaultText: 'true when --host is loopback, else false',
    help: 'Let MQTT clients in without a user name (or, with no --users-file, whatever user name they give).',
  },
  {
    flag: '--clientid-prefixes-from-username',
    key: 'clientidPrefixesFromUsername',
    env: 'MQTT_SCOPE_CLIENTID_PREFIXES_FROM_USERNAME',
    kind: 'flag',
    defaultValue: false,
    help:
      'Needs --users-file. A client id belongs to the user it is named after: alice, or alice- followed by anything (alice-kitchen; ' +
      'the longest matching user name owns it). A user may connect only with its own ids, an anonymous client only with ids no user owns; ' +
      "anything else gets CONNACK 2 (identifier rejected), so no one can take over another user's session or %c ACL topics.",
  },
]
