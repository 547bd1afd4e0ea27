import { WS_CLIENT_MODES, type WsClientMode } from './mqtt-connect.ts'

/** What one benchmark run measures; every field has a default and a flag. */
export interface BenchParams {
  /** How long the publishers send, per target. */
  readonly seconds: number
  /** Publisher connections, each on its own topic. */
  readonly publishers: number
  readonly payloadBytes: number
  /** Per-second samples in this first stretch are left out of the median and mean. */
  readonly warmupSeconds: number
  /** How the bench's own clients frame MQTT over WebSocket (see mqtt-connect.ts). */
  readonly wsClient: WsClientMode
}

export const DEFAULT_PARAMS: BenchParams = { seconds: 10, publishers: 4, payloadBytes: 64, warmupSeconds: 1, wsClient: 'coalescing' }

const NUMBER_FLAGS: Record<string, { key: 'seconds' | 'publishers' | 'payloadBytes'; min: number; max: number }> = {
  '--seconds': { key: 'seconds', min: 2, max: 60 },
  '--publishers': { key: 'publishers', min: 1, max: 64 },
  '--payload-bytes': { key: 'payloadBytes', min: 0, max: 1 << 20 },
}
const KNOWN = [...Object.keys(NUMBER_FLAGS), '--ws-client'].join(', ')

/** `--seconds 5` or `--seconds=5`; throws with a readable message on anything else. */
export function parseBenchArgs(argv: readonly string[]): BenchParams {
  const params = { ...DEFAULT_PARAMS }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    const text = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (name === '--ws-client') {
      if (!WS_CLIENT_MODES.includes(text as WsClientMode)) throw new Error(`--ws-client is one of ${WS_CLIENT_MODES.join(', ')}`)
      params.wsClient = text as WsClientMode
      continue
    }
    const spec = NUMBER_FLAGS[name]
    if (spec === undefined) throw new Error(`unknown flag ${arg} (known: ${KNOWN})`)
    const value = Number(text)
    if (text === undefined || !Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new Error(`${name} needs a whole number from ${spec.min} to ${spec.max}`)
    }
    params[spec.key] = value
  }
  return params
}
