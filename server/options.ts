/**
 * The catalogue of every command-line flag: its environment variable, its default, the help line
 * and how its text becomes a value. `config.ts` parses with it and `--help` prints it, so the two
 * can never disagree.
 */
export type OptionKind = 'port' | 'host' | 'enum' | 'flag'

export interface OptionSpec {
  readonly flag: string
  readonly key: keyof ConfigValues
  readonly env?: string
  readonly kind: OptionKind
  readonly defaultValue: string | number | boolean
  readonly help: string
  readonly choices?: readonly string[]
}

export interface ConfigValues {
  host: string
  httpPort: number
  mqttPort: number
  logLevel: LogLevel
  logFormat: LogFormat
  buildIfStale: boolean
}

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
]
