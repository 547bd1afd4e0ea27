/** Where the server listens, how it logs, whether it builds the app first, which web origins it trusts. */
import { LOG_FORMATS, LOG_LEVELS } from '../logger.ts'
import { NO_ITEMS, type OptionSpec } from './option-spec.ts'

export const GENERAL_OPTIONS: readonly OptionSpec[] = [
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
      "scheme://host[:port], such as a reverse proxy's https://mqtt.example.com. Their host names are accepted in the Host header too.",
  },
]
