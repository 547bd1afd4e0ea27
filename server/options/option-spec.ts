/**
 * The shape of the flag catalogue (server/options.ts): what one option is, and the values a parsed
 * config holds. The catalogue's groups (this folder), config.ts and the code that reads a config
 * import these types from here, so nothing has to import the catalogue back.
 */
import type { LogFormat, LogLevel } from '../logger.ts'

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
  /** The --cluster Redis URL (checked by config.ts, parsed by cluster/cluster-url.ts); '' without a cluster. */
  cluster: string
  /** '' : the id kept in the data folder (cluster/node-identity.ts). */
  nodeId: string
  /** Seconds. */
  clusterHeartbeat: number
  recordingMaxBytes: number
  recordingMaxMessages: number
  recordingsMaxBytes: number
  recordingsMaxMessages: number
}

export const BRIDGE_MODES = ['auto', 'restricted', 'off'] as const
export type BridgeModeSetting = (typeof BRIDGE_MODES)[number]

/** The default of every list option: one shared frozen empty list. */
export const NO_ITEMS: readonly string[] = Object.freeze([])
