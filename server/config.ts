import { isIP } from 'node:net'
import type { AccessRules } from './access/access-control.ts'
import { loadAccessRules } from './access/access-files.ts'
import { nodeIdProblem, parseClusterUrl } from './cluster/cluster-url.ts'
import { BRIDGE_LIMITS } from './bridge/limits.ts'
import { isLoopbackHost, patternProblems } from './bridge/policy.ts'
import { allowedOriginProblems } from './http/web-origin.ts'
import type { LogSettings } from './logger.ts'
import { OPTIONS } from './options.ts'
import type { ConfigValues, OptionSpec } from './options/option-spec.ts'
import { readTextFile, type ReadText } from './read-text.ts'
import { loadServerTls, type ServerTls } from './tls/tls-settings.ts'

export type Config = Readonly<ConfigValues>

/**
 * What parseConfig read from the files the flags name (--users-file, --acl-file, the TLS files),
 * checked. createServer starts with these, so every file is read once, at start, and a problem in
 * one is listed with the other config problems.
 */
export interface LoadedFiles {
  readonly access: AccessRules
  /** undefined without --tls-cert/--tls-key. */
  readonly tls: ServerTls | undefined
}

export type ParseResult =
  | { readonly kind: 'config'; readonly config: Config; readonly files: LoadedFiles }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] }

const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/** Reads a file named by a flag (--auth-token-file, the users, ACL and TLS files); a test passes its own. */
export type ReadTextFile = ReadText

/**
 * Turns argv and the environment into a frozen config. Flags win over environment variables,
 * which win over defaults. Every problem is collected, so one run tells the user all of them.
 * Files named by flags (the token, users, ACL and TLS files) are read here, once.
 */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = {}, readFile: ReadTextFile = readTextFile): ParseResult {
  const problems: string[] = []
  const raw = new Map<OptionSpec, { text: string; source: string }>()
  const lists = new Map<OptionSpec, { items: string[]; source: string; fromFlags: boolean }>()
  const byFlag = new Map(OPTIONS.map((o) => [o.flag, o]))

  for (const spec of OPTIONS) {
    const fromEnv = spec.env === undefined ? undefined : env[spec.env]
    if (fromEnv === undefined || fromEnv === '') continue
    if (spec.kind === 'list') lists.set(spec, { items: splitList(fromEnv), source: spec.env!, fromFlags: false })
    else raw.set(spec, { text: fromEnv, source: spec.env! })
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
      // "--memory", "--memory=false", and also "--allow-anonymous false" (a separate true/false).
      let text = eq === -1 ? 'true' : arg.slice(eq + 1)
      if (eq === -1 && i + 1 < argv.length && BOOLEAN_WORDS.has(argv[i + 1]!)) text = argv[++i]!
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
    if (spec.kind === 'list') {
      // Repeated flags add up; the first one replaces what the environment variable said.
      const list = lists.get(spec)
      if (list === undefined || !list.fromFlags) lists.set(spec, { items: splitList(text), source: name, fromFlags: true })
      else list.items.push(...splitList(text))
      continue
    }
    raw.set(spec, { text, source: name })
  }

  const values: Record<string, unknown> = {}
  for (const spec of OPTIONS) {
    if (spec.kind === 'list') {
      const list = lists.get(spec)
      values[spec.key] = list === undefined ? spec.defaultValue : Object.freeze(list.items)
      if (list !== undefined) for (const problem of listProblems(spec, list.items)) problems.push(`${list.source}: ${problem}`)
      continue
    }
    const given = raw.get(spec)
    if (given === undefined) {
      values[spec.key] = spec.defaultValue
      continue
    }
    const parsed = parseValue(spec, given.text)
    if (typeof parsed === 'object') problems.push(`${given.source}: ${parsed.problem}`)
    else values[spec.key] = parsed
  }

  resolveAuthToken(values, raw, problems, readFile)
  resolveBrokerStorage(values, raw, problems)
  checkCluster(values, raw, problems)
  if (!raw.has(OPTION_BY_KEY.get('allowAnonymous')!) && typeof values.host === 'string') values.allowAnonymous = isLoopbackHost(values.host)
  const files = loadBrokerFiles(values, raw, problems, readFile)

  if (problems.length > 0) return { kind: 'invalid', problems }
  return { kind: 'config', config: Object.freeze(values as unknown as ConfigValues), files }
}

/** The logger's part of a config (--log-level, --log-format). */
export function logSettings(config: Config): LogSettings {
  return { level: config.logLevel, format: config.logFormat }
}

const BOOLEAN_WORDS = new Set(['true', 'false', '1', '0'])
const OPTION_BY_KEY = new Map(OPTIONS.map((o) => [o.key, o]))

type RawValues = ReadonlyMap<OptionSpec, { text: string; source: string }>

/** --data-dir and --memory exclude each other, unless a flag overrides a variable. */
function resolveBrokerStorage(values: Record<string, unknown>, raw: RawValues, problems: string[]): void {
  const dirSource = raw.get(OPTION_BY_KEY.get('dataDir')!)?.source
  const memorySource = raw.get(OPTION_BY_KEY.get('memory')!)?.source
  if (dirSource === undefined || memorySource === undefined || values.memory !== true) return
  const dirIsFlag = dirSource.startsWith('--')
  if (dirIsFlag === memorySource.startsWith('--')) problems.push(`${dirSource} and ${memorySource}: keep the broker's data in a folder or in memory, not both`)
  else if (dirIsFlag) values.memory = false
}

/** --cluster must be a Redis URL; --node-id and --cluster-heartbeat mean something only with it. */
function checkCluster(values: Record<string, unknown>, raw: RawValues, problems: string[]): void {
  const sourceOf = (key: keyof ConfigValues) => raw.get(OPTION_BY_KEY.get(key)!)?.source
  const clusterSource = sourceOf('cluster')
  if (clusterSource !== undefined) {
    const target = parseClusterUrl(String(values.cluster))
    if ('problem' in target) problems.push(`${clusterSource}: ${target.problem}`)
  }
  for (const key of ['nodeId', 'clusterHeartbeat'] as const) {
    const source = sourceOf(key)
    if (source === undefined) continue
    if (clusterSource === undefined) problems.push(`${source} needs --cluster`)
    const idProblem = key === 'nodeId' && typeof values.nodeId === 'string' ? nodeIdProblem(values.nodeId) : undefined
    if (idProblem !== undefined) problems.push(`${source}: ${idProblem}`)
  }
}

/** The users file, the ACL file and the TLS files: read, and checked to be well formed and consistent. */
function loadBrokerFiles(values: Record<string, unknown>, raw: RawValues, problems: string[], readFile: ReadTextFile): LoadedFiles {
  const text = (key: keyof ConfigValues) => (typeof values[key] === 'string' ? values[key] : '')
  const clientidPrefixesFromUsername = values.clientidPrefixesFromUsername === true
  const access = loadAccessRules(
    { usersFile: text('usersFile'), aclFile: text('aclFile'), allowAnonymous: values.allowAnonymous === true, clientidPrefixesFromUsername },
    readFile,
  )
  problems.push(...access.problems)
  const prefixesSource = raw.get(OPTION_BY_KEY.get('clientidPrefixesFromUsername')!)?.source
  if (clientidPrefixesFromUsername && text('usersFile') === '') problems.push(`${prefixesSource} needs --users-file (client ids belong to its users)`)
  const tls = loadServerTls(
    { tlsCert: text('tlsCert'), tlsKey: text('tlsKey'), tlsCa: text('tlsCa'), tlsRequireClientCert: values.tlsRequireClientCert === true },
    readFile,
  )
  problems.push(...tls.problems)
  const mqttsSource = raw.get(OPTION_BY_KEY.get('mqttsPort')!)?.source
  if (mqttsSource !== undefined && text('tlsCert') === '' && text('tlsKey') === '') problems.push(`${mqttsSource} needs --tls-cert and --tls-key`)
  return Object.freeze({ access: access.rules, tls: tls.tls })
}

/** The list flags are bridge patterns, except --allowed-origins. */
function listProblems(spec: OptionSpec, items: readonly string[]): string[] {
  return spec.key === 'allowedOrigins' ? allowedOriginProblems(items) : patternProblems(items)
}

/** "a, b,,c" -> ["a", "b", "c"]. */
function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** --auth-token or --auth-token-file (read now, trimmed), never both, and long enough. */
function resolveAuthToken(values: Record<string, unknown>, raw: RawValues, problems: string[], readFile: ReadTextFile): void {
  const sourceOf = (key: keyof ConfigValues) => [...raw].find(([spec]) => spec.key === key)?.[1].source
  let tokenSource = sourceOf('authToken')
  let fileSource = sourceOf('authTokenFile')
  if (tokenSource !== undefined && fileSource !== undefined) {
    // A flag wins over an environment variable, as everywhere; two flags (or two variables) conflict.
    const tokenIsFlag = tokenSource.startsWith('--')
    if (tokenIsFlag === fileSource.startsWith('--')) {
      problems.push(`${tokenSource} and ${fileSource}: give the access token one way, not both`)
      return
    }
    if (tokenIsFlag) {
      fileSource = undefined
      values.authTokenFile = ''
    } else {
      tokenSource = undefined
    }
  }
  const file = values.authTokenFile as string | undefined
  let source = tokenSource
  if (fileSource !== undefined && file !== undefined && file !== '') {
    source = fileSource
    try {
      values.authToken = readFile(file).trim()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      problems.push(`${fileSource}: cannot read ${file}${code === undefined ? '' : ` (${code === 'ENOENT' ? 'no such file' : code})`}`)
      return
    }
    if (values.authToken === '') {
      problems.push(`${fileSource}: ${file} is empty`)
      return
    }
  }
  const token = values.authToken
  if (source !== undefined && typeof token === 'string') {
    if (token.length < BRIDGE_LIMITS.minTokenLength) problems.push(`${source}: the access token must be at least ${BRIDGE_LIMITS.minTokenLength} characters`)
    else if (/\s/.test(token)) problems.push(`${source}: the access token must not contain spaces or line breaks`)
  }
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
    case 'integer': {
      const min = spec.min ?? 0
      const max = spec.max ?? Number.MAX_SAFE_INTEGER
      if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) return { problem: `"${text}" is not a whole number from ${min} to ${max}` }
      return Number(text)
    }
    case 'text':
    case 'path':
      return text
    case 'list':
      // Lists are gathered item by item in parseConfig.
      return text
  }
}

/** How --help shows an option's default. */
export function formatDefault(spec: OptionSpec): string {
  return spec.defaultText ?? String(spec.defaultValue)
}

export function formatHelp(version: string): string {
  const lines = [
    `mqtt-scope ${version}: an MQTT explorer in the browser, with an embedded broker.`,
    '',
    'Usage: mqtt-scope [flags]',
    '       mqtt-scope user add|remove|list ...   manage the --users-file (see mqtt-scope user --help)',
    '',
    'Flags (each also read from the environment variable shown; a flag wins over its variable):',
  ]
  for (const o of OPTIONS) {
    lines.push(`  ${o.flag}${placeholder(o)}`)
    lines.push(`      ${o.help}`)
    const meta = [`default: ${formatDefault(o)}`]
    if (o.env !== undefined) meta.push(`env: ${o.env}`)
    lines.push(`      (${meta.join('; ')})`)
  }
  lines.push('  --help, -h', '      Print this help and exit.', '  --version, -v', '      Print the version and exit.')
  lines.push(
    '',
    'Exit status: 0 on a clean stop (SIGINT/SIGTERM), 1 when a listener, the data folder or the cluster store (Redis) cannot be used, 2 on bad flags or files.',
  )
  return lines.join('\n')
}

function placeholder(o: OptionSpec): string {
  if (o.kind === 'flag') return ''
  if (o.kind === 'enum') return ` <${o.choices!.join('|')}>`
  if (o.valueName !== undefined) return ` <${o.valueName}>`
  return o.kind === 'port' ? ' <port>' : ' <address>'
}
