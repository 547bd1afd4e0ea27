/**
 * The catalogue of every command-line flag: its environment variable, its default, the help line
 * and how its text becomes a value. `config.ts` parses with it and `--help` prints it, so the two
 * can never disagree.
 */
import { homedir } from 'node:os'
import path from 'node:path'
import { BRIDGE_LIMITS } from './bridge/limits.ts'
import { DEFAULT_BROKER_LIMITS } from './broker/broker-limits.ts'

/**
 * - port, host, enum, flag: one value each;
 * - integer: a whole number in [min, max];
 * - text: any non-empty text; path: a file path (read by config.ts);
 * - list: repeatable, and each value (or the environment variable) may hold several items
 *   separated by commas; flags replace the variable's items rather than adding to them.
 */
export type OptionKind = 'port' | 'host' | 'enum' | 'flag' | 'integer' | 'text' | 'path' | 'list'

export interface OptionSpec {
  readonly flag: string
  readonly key: keyof ConfigValues
  readonly env?: string
  readonly kind: OptionKind
  readonly defaultValue: string | number | boolean | readonly string[]
  readonly help: string
  readonly choices?: readonly string[]
  /** integer bounds, inclusive. */
  readonly min?: number
  readonly max?: number
  /** The placeholder --help shows after the flag, such as "seconds" for <seconds>. */
  readonly valueName?: string
  /** How --help shows the default when the value itself says nothing ("none" for an empty text or list). */
  readonly defaultText?: string
}

export interface ConfigValues {
  host: string
  httpPort: number
  mqttPort: number
  logLevel: LogLevel
  logFormat: LogFormat
  buildIfStale: boolean
  /** Web origins trusted like the server's own (request-policy.ts); checked by config.ts. */
  allowedOrigins: readonly string[]
  bridgeMode: BridgeModeSetting
  bridgeAllow: readonly string[]
  bridgeDeny: readonly string[]
  /** The bridge access token: from --auth-token, or the trimmed content of --auth-token-file. */
  authToken: string
  authTokenFile: string
  bridgeMaxPerClient: number
  bridgeMaxTotal: number
  bridgeConnectTimeout: number
  bridgeIdleTimeout: number
  bridgeMaxFrameBytes: number
  maxPacketSize: number
  maxConnections: number
  connectTimeout: number
  maxQueuedBytes: number
  drainTimeout: number
  maxInflight: number
  sysInterval: number
  dataDir: string
  memory: boolean
  usersFile: string
  aclFile: string
  /** Resolved by config.ts: when not given, true exactly when --host is a loopback address. */
  allowAnonymous: boolean
  clientidPrefixesFromUsername: boolean
  mqttsPort: number
  tlsCert: string
  tlsKey: string
  tlsCa: string
  tlsRequireClientCert: boolean
}

/**
 * Where the broker keeps its data unless --data-dir says otherwise: $XDG_DATA_HOME/mqtt-scope, or
 * ~/.local/share/mqtt-scope (the XDG default), so an installed command keeps one store wherever
 * it is started from.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.local', 'share')
  return path.join(base, 'mqtt-scope')
}

export const BRIDGE_MODES = ['auto', 'restricted', 'off'] as const
export type BridgeModeSetting = (typeof BRIDGE_MODES)[number]

/** The default of every list option: one shared frozen empty list. */
export const NO_ITEMS: readonly string[] = Object.freeze([])

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
export const LOG_FORMATS = ['pretty', 'json'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

export const OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--host',
    key: 'host',
    env: 'MQTT_SCOPE_HOST',
    kind: 'host',
    defaultValue: '127.0.0.1',
    help: 'Address the HTTP and MQTT listeners bind to. Loopback keeps the explorer private to this machine.',
  },
  {
    flag: '--http-port',
    key: 'httpPort',
    env: 'MQTT_SCOPE_HTTP_PORT',
    kind: 'port',
    defaultValue: 8080,
    help: 'Port for the app, the JSON API and MQTT over WebSocket at /mqtt (0 picks a free port).',
  },
  {
    flag: '--mqtt-port',
    key: 'mqttPort',
    env: 'MQTT_SCOPE_MQTT_PORT',
    kind: 'port',
    defaultValue: 1883,
    help: 'Port for the embedded broker over plain MQTT/TCP (0 picks a free port).',
  },
  {
    flag: '--log-level',
    key: 'logLevel',
    env: 'MQTT_SCOPE_LOG_LEVEL',
    kind: 'enum',
    choices: LOG_LEVELS,
    defaultValue: 'info',
    help: 'How much to log: one line per connect, disconnect and error at info.',
  },
  {
    flag: '--log-format',
    key: 'logFormat',
    env: 'MQTT_SCOPE_LOG_FORMAT',
    kind: 'enum',
    choices: LOG_FORMATS,
    defaultValue: 'pretty',
    help: 'pretty: one readable line per event; json: one JSON object per line, for log collectors.',
  },
  {
    flag: '--build-if-stale',
    key: 'buildIfStale',
    kind: 'flag',
    defaultValue: false,
    help: 'Build the web app first when dist/ is missing or older than src/ (what `npm start` does).',
  },
  {
    flag: '--allowed-origins',
    key: 'allowedOrigins',
    env: 'MQTT_SCOPE_ALLOWED_ORIGINS',
    kind: 'list',
    valueName: 'origins',
    defaultValue: NO_ITEMS,
    defaultText: "none (only the server's own origin)",
    help:
      "Web origins besides the server's own whose pages may use /mqtt, /bridge and the API, comma-separated or repeated: " +
      'scheme://host[:port], such as a reverse proxy\'s https://mqtt.example.com. Their host names are accepted in the Host header too.',
  },
  {
    flag: '--bridge-mode',
    key: 'bridgeMode',
    env: 'MQTT_SCOPE_BRIDGE_MODE',
    kind: 'enum',
    choices: BRIDGE_MODES,
    defaultValue: 'auto',
    help:
      'The TCP/TLS bridge (mqtt:// and mqtts:// brokers from the browser). auto: any target when --host is loopback, ' +
      'else restricted; restricted: an access token and --bridge-allow are needed (use it behind a reverse proxy); off: no bridge.',
  },
  {
    flag: '--bridge-allow',
    key: 'bridgeAllow',
    env: 'MQTT_SCOPE_BRIDGE_ALLOW',
    kind: 'list',
    valueName: 'patterns',
    defaultValue: NO_ITEMS,
    defaultText: 'none (loopback: any target; restricted: no target)',
    help:
      'Targets the bridge may reach, comma-separated or repeated: host:port, host:*, *.example.com:8883, ' +
      '10.0.0.0/8, 10.0.0.0/8:1883, [::1]:1883, ::1/128. When given, only these; in restricted mode nothing else, and loopback ' +
      "and this server's own ports only when a pattern writes the address out (127.0.0.1:1883, [::1]:1883), never through *:1883 or *:*.",
  },
  {
    flag: '--bridge-deny',
    key: 'bridgeDeny',
    env: 'MQTT_SCOPE_BRIDGE_DENY',
    kind: 'list',
    valueName: 'patterns',
    defaultValue: NO_ITEMS,
    defaultText: 'none',
    help:
      'Targets the bridge must never reach, same patterns as --bridge-allow; deny wins over allow. ' +
      '169.254.0.0/16, 100.100.100.200, 168.63.129.16 and fd00:ec2::254 (cloud metadata), fe80::/10 and 0.0.0.0/8 are always denied, ' +
      'also inside IPv6 (mapped, compatible, NAT64, 6to4).',
  },
  {
    flag: '--auth-token',
    key: 'authToken',
    env: 'MQTT_SCOPE_AUTH_TOKEN',
    kind: 'text',
    valueName: 'token',
    defaultValue: '',
    defaultText: 'none',
    help:
      'Access token the page must send (Authorization: Bearer) to open a bridge; needed when the server is not on loopback. ' +
      'At least 16 characters. Prefer --auth-token-file: a flag is visible to other users in ps.',
  },
  {
    flag: '--auth-token-file',
    key: 'authTokenFile',
    env: 'MQTT_SCOPE_AUTH_TOKEN_FILE',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'Read the access token from this file once at start (surrounding whitespace trimmed).',
  },
  {
    flag: '--bridge-max-per-client',
    key: 'bridgeMaxPerClient',
    env: 'MQTT_SCOPE_BRIDGE_MAX_PER_CLIENT',
    kind: 'integer',
    min: 1,
    max: 10_000,
    valueName: 'count',
    defaultValue: BRIDGE_LIMITS.maxPerClient,
    help: 'Open bridges allowed per client address.',
  },
  {
    flag: '--bridge-max-total',
    key: 'bridgeMaxTotal',
    env: 'MQTT_SCOPE_BRIDGE_MAX_TOTAL',
    kind: 'integer',
    min: 1,
    max: 100_000,
    valueName: 'count',
    defaultValue: BRIDGE_LIMITS.maxTotal,
    help: 'Open bridges allowed in all.',
  },
  {
    flag: '--bridge-connect-timeout',
    key: 'bridgeConnectTimeout',
    env: 'MQTT_SCOPE_BRIDGE_CONNECT_TIMEOUT',
    kind: 'integer',
    min: 1,
    max: 300,
    valueName: 'seconds',
    defaultValue: BRIDGE_LIMITS.connectTimeoutSeconds,
    help: 'Time a bridge gets to resolve the target and finish the TCP and TLS handshakes.',
  },
  {
    flag: '--bridge-idle-timeout',
    key: 'bridgeIdleTimeout',
    env: 'MQTT_SCOPE_BRIDGE_IDLE_TIMEOUT',
    kind: 'integer',
    min: 1,
    max: 86_400,
    valueName: 'seconds',
    defaultValue: BRIDGE_LIMITS.idleTimeoutSeconds,
    help: 'A bridge with no byte in either direction for this long is closed (keep it above the MQTT keepalive).',
  },
  {
    flag: '--bridge-max-frame-bytes',
    key: 'bridgeMaxFrameBytes',
    env: 'MQTT_SCOPE_BRIDGE_MAX_FRAME_BYTES',
    kind: 'integer',
    min: 1024,
    max: 268_435_460,
    valueName: 'bytes',
    defaultValue: BRIDGE_LIMITS.maxFrameBytes,
    help: 'Largest WebSocket frame the page may send through a bridge, so the largest MQTT packet it can publish.',
  },
  {
    flag: '--max-packet-size',
    key: 'maxPacketSize',
    env: 'MQTT_SCOPE_MAX_PACKET_SIZE',
    kind: 'integer',
    min: 128,
    max: 268_435_460,
    valueName: 'bytes',
    defaultValue: DEFAULT_BROKER_LIMITS.maxPacketBytes,
    help: 'Largest MQTT packet a client may send to the embedded broker; a larger one closes the connection as soon as its header says so.',
  },
  {
    flag: '--max-connections',
    key: 'maxConnections',
    env: 'MQTT_SCOPE_MAX_CONNECTIONS',
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    valueName: 'count',
    defaultValue: DEFAULT_BROKER_LIMITS.maxConnections,
    help: 'MQTT connections the embedded broker keeps open at once (TCP and WebSocket together); more are closed at once.',
  },
  {
    flag: '--connect-timeout',
    key: 'connectTimeout',
    env: 'MQTT_SCOPE_CONNECT_TIMEOUT',
    kind: 'integer',
    min: 1,
    max: 3600,
    valueName: 'seconds',
    defaultValue: DEFAULT_BROKER_LIMITS.connectTimeoutMs / 1000,
    help: 'Time a new MQTT connection gets to send its CONNECT.',
  },
  {
    flag: '--max-queued-bytes',
    key: 'maxQueuedBytes',
    env: 'MQTT_SCOPE_MAX_QUEUED_BYTES',
    kind: 'integer',
    min: 16 * 1024,
    max: 1024 * 1024 * 1024,
    valueName: 'bytes',
    defaultValue: DEFAULT_BROKER_LIMITS.maxQueuedBytes,
    help: 'Bytes waiting to be sent to one client past which new messages for it are dropped (and counted) instead of queued.',
  },
  {
    flag: '--drain-timeout',
    key: 'drainTimeout',
    env: 'MQTT_SCOPE_DRAIN_TIMEOUT',
    kind: 'integer',
    min: 1,
    max: 3600,
    valueName: 'seconds',
    defaultValue: DEFAULT_BROKER_LIMITS.drainTimeoutMs / 1000,
    help: 'A client that takes none of the data waiting for it (64 KiB or more) for this long is disconnected.',
  },
  {
    flag: '--max-inflight',
    key: 'maxInflight',
    env: 'MQTT_SCOPE_MAX_INFLIGHT',
    kind: 'integer',
    min: 1,
    max: 65_535,
    valueName: 'count',
    defaultValue: DEFAULT_BROKER_LIMITS.maxInflight,
    help: 'QoS 2 messages one client may have sent without completing them (waiting for its PUBREL); one more closes the connection.',
  },
  {
    flag: '--sys-interval',
    key: 'sysInterval',
    env: 'MQTT_SCOPE_SYS_INTERVAL',
    kind: 'integer',
    min: 0,
    max: 86_400,
    valueName: 'seconds',
    defaultValue: DEFAULT_BROKER_LIMITS.sysIntervalMs / 1000,
    help: 'How often the broker publishes its statistics under $SYS/broker/ (retained); 0: never.',
  },
  {
    flag: '--data-dir',
    key: 'dataDir',
    env: 'MQTT_SCOPE_DATA_DIR',
    kind: 'path',
    valueName: 'folder',
    defaultValue: defaultDataDir(),
    help:
      'Folder where the broker keeps retained messages, persistent sessions (subscriptions, queued QoS 1/2 messages) and wills, ' +
      'in <folder>/broker (LevelDB); they survive a restart and a crash. Created if missing. One server per folder.',
  },
  {
    flag: '--memory',
    key: 'memory',
    env: 'MQTT_SCOPE_MEMORY',
    kind: 'flag',
    defaultValue: false,
    help: 'Keep everything in memory instead: a restart starts empty.',
  },
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
  {
    flag: '--mqtts-port',
    key: 'mqttsPort',
    env: 'MQTT_SCOPE_MQTTS_PORT',
    kind: 'port',
    defaultValue: 8883,
    help: 'Port for the embedded broker over MQTT/TLS; open only with --tls-cert and --tls-key (0 picks a free port).',
  },
  {
    flag: '--tls-cert',
    key: 'tlsCert',
    env: 'MQTT_SCOPE_TLS_CERT',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'Server certificate (PEM, chain after it). With --tls-key: the mqtts listener, and HTTPS and WSS on --http-port instead of HTTP and WS.',
  },
  {
    flag: '--tls-key',
    key: 'tlsKey',
    env: 'MQTT_SCOPE_TLS_KEY',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'Private key of --tls-cert (PEM, not encrypted).',
  },
  {
    flag: '--tls-ca',
    key: 'tlsCa',
    env: 'MQTT_SCOPE_TLS_CA',
    kind: 'path',
    valueName: 'file',
    defaultValue: '',
    defaultText: 'none',
    help: 'CA certificate(s) (PEM) client certificates must be signed by; with --tls-require-client-cert.',
  },
  {
    flag: '--tls-require-client-cert',
    key: 'tlsRequireClientCert',
    env: 'MQTT_SCOPE_TLS_REQUIRE_CLIENT_CERT',
    kind: 'flag',
    defaultValue: false,
    help: 'mTLS: the mqtts listener and the HTTPS port refuse, during the handshake, a client without a certificate signed by --tls-ca.',
  },
]
