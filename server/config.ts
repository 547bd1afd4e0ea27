import { isIP } from 'node:net'
import { OPTIONS, type ConfigValues, type OptionSpec } from './options.ts'

export type Config = Readonly<ConfigValues>

export type ParseResult =
  | { readonly kind: 'config'; readonly config: Config }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] }

const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/**
 * Turns argv and the environment into a frozen config. Flags win over environment variables,
 * which win over defaults. Every problem is collected, so one run tells the user all of them.
 */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParseResult {
  const problems: string[] = []
  const raw = new Map<OptionSpec, { text: string; source: string }>()
  const byFlag = new Map(OPTIONS.map((o) => [o.flag, o]))

  for (const spec of OPTIONS) {
    const fromEnv = spec.env === undefined ? undefined : env[spec.env]
    if (fromEnv !== undefined && fromEnv !== '') raw.set(spec, { text: fromEnv, source: spec.env! })
  }

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    if (arg === '--version' || arg === '-v') return { kind: 'version' }
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument "${arg}" (flags start with --; see --help)`)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    const spec = byFlag.get(name)
    if (spec === undefined) {
      problems.push(`unknown flag ${name} (see --help)`)
      continue
    }
    if (spec.kind === 'flag') {
      const text = eq === -1 ? 'true' : arg.slice(eq + 1)
      raw.set(spec, { text, source: name })
      continue
    }
    let text: string | undefined
    if (eq !== -1) text = arg.slice(eq + 1)
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) text = argv[++i]
    if (text === undefined) {
      problems.push(`${name} needs a value`)
      continue
    }
    raw.set(spec, { text, source: name })
  }

  const values: Record<string, unknown> = {}
  for (const spec of OPTIONS) {
    const given = raw.get(spec)
    if (given === undefined) {
      values[spec.key] = spec.defaultValue
      continue
    }
    const parsed = parseValue(spec, given.text)
    if (typeof parsed === 'object') problems.push(`${given.source}: ${parsed.problem}`)
    else values[spec.key] = parsed
  }

  if (problems.length > 0) return { kind: 'invalid', problems }
  return { kind: 'config', config: Object.freeze(values as unknown as ConfigValues) }
}

function parseValue(spec: OptionSpec, text: string): string | number | boolean | { problem: string } {
  switch (spec.kind) {
    case 'port': {
      if (!/^\d+$/.test(text)) return { problem: `"${text}" is not a port number (0-65535)` }
      const port = Number(text)
      if (port > 65535) return { problem: `${port} is not a port number (0-65535)` }
      return port
    }
    case 'host':
      if (isIP(text) !== 0 || text === 'localhost' || HOSTNAME.test(text)) return text
      return { problem: `"${text}" is not an IP address or host name` }
    case 'enum':
      if (spec.choices!.includes(text)) return text
      return { problem: `"${text}" is not one of ${spec.choices!.join(', ')}` }
    case 'flag':
      if (text === 'true' || text === '1') return true
      if (text === 'false' || text === '0') return false
      return { problem: `"${text}" is not true or false` }
  }
}

export function formatHelp(version: string): string {
  const lines = [
    `mqtt-scope ${version}: an MQTT explorer in the browser, with an embedded broker.`,
    '',
    'Usage: mqtt-scope [flags]',
    '',
    'Flags (each also read from the environment variable shown; a flag wins over its variable):',
  ]
  for (const o of OPTIONS) {
    const value = o.kind === 'flag' ? '' : o.kind === 'enum' ? ` <${o.choices!.join('|')}>` : o.kind === 'port' ? ' <port>' : ' <address>'
    lines.push(`  ${o.flag}${value}`)
    lines.push(`      ${o.help}`)
    const meta = [`default: ${String(o.defaultValue)}`]
    if (o.env !== undefined) meta.push(`env: ${o.env}`)
    lines.push(`      (${meta.join('; ')})`)
  }
  lines.push('  --help, -h', '      Print this help and exit.', '  --version, -v', '      Print the version and exit.')
  lines.push('', 'Exit status: 0 on a clean stop (SIGINT/SIGTERM), 1 when a listener cannot start, 2 on bad flags.')
  return lines.join('\n')
}
