/** The TCP/TLS bridge to other brokers: its mode, the targets it may reach, its access token and caps. */
import { BRIDGE_LIMITS } from '../bridge/limits.ts'
import { BRIDGE_MODES, NO_ITEMS, type OptionSpec } from './option-spec.ts'

export const BRIDGE_OPTIONS: readonly OptionSpec[] = [
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
]
