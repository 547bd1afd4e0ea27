import { createWriteStream, readFileSync, type WriteStream } from 'node:fs'
import mqtt from 'mqtt'
import { parseRecordingJsonl, recordedProperties, serialiseRecordedMessage } from '../../src/model/recording-jsonl.ts'
import { validFilter } from '../recordings/recording-request.ts'
import { ReplayJob } from '../recordings/replay-job.ts'
import { parseTlsRequest, tlsClientOptions } from '../recordings/tls-request.ts'

/**
 * `mqtt-scope record` and `mqtt-scope replay`: the server's recording format and replay job from a
 * terminal, against any broker (the bridge policy guards the server's network from browsers; a
 * command run by the user reaches what the user can reach). Exit 0 done, 1 failed, 2 bad usage.
 */
export const RECORD_USAGE = `Usage:
  mqtt-scope record --url URL --filter F [--filter F ...] [--out file.jsonl] [TLS options]
  mqtt-scope replay file.jsonl --url URL [--speed N] [--topic-prefix P] [TLS options]

record writes one JSON object per line (ts, topic, qos, retain, payload_base64, properties) to
--out or standard output until interrupted (Ctrl-C). replay republishes a file in order with the
original gaps divided by --speed (default 1; 0: as fast as possible).

TLS options, for an mqtts:// or wss:// URL (the same as a recording's "tls"):
  --ca FILE           PEM CA (or bundle) the broker's certificate must chain to
  --cert FILE         PEM client certificate (mTLS); needs --key
  --key FILE          PEM private key of --cert, without a passphrase
  --servername NAME   SNI and the name the certificate must carry (default: the URL's host)
  --insecure          do not check the broker's certificate (rejectUnauthorized false)`

const TLS_FLAGS = ['--ca', '--cert', '--key', '--servername', '--insecure']

type Flags = Map<string, string[]>

function parseFlags(args: readonly string[]): { flags: Flags; positional: string[] } | string {
  const flags: Flags = new Map()
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    const value = name === '--insecure' ? 'true' : eq === -1 ? args[++i] : arg.slice(eq + 1)
    if (value === undefined) return `${name} needs a value`
    flags.set(name, [...(flags.get(name) ?? []), value])
  }
  return { flags, positional }
}

export async function runRecordCommand(args: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const parsed = parseFlags(args)
  if (typeof parsed === 'string') return usage(parsed)
  const url = parsed.flags.get('--url')?.[0]
  const filters = parsed.flags.get('--filter') ?? []
  const unknown = [...parsed.flags.keys()].filter((k) => !['--url', '--filter', '--out', ...TLS_FLAGS].includes(k))
  if (unknown.length > 0 || parsed.positional.length > 0) return usage(`unexpected ${[...unknown, ...parsed.positional].join(', ')}`)
  if (url === undefined || filters.length === 0) return usage('record needs --url and at least one --filter')
  const tls = tlsFromFlags(parsed.flags, url)
  if (typeof tls === 'string') return usage(tls)
  const bad = filters.find((f) => !validFilter(f))
  if (bad !== undefined) return usage(`"${bad}" is not a topic filter`)
  const outPath = parsed.flags.get('--out')?.[0]
  const sink: NodeJS.WritableStream | WriteStream = outPath === undefined ? out : createWriteStream(outPath, { flags: 'a' })
  const client = mqtt.connect(url, { reconnectPeriod: 2_000, connectTimeout: 10_000, ...tls })
  let count = 0
  client.on('connect', () => {
    process.stderr.write(`recording ${filters.join(', ')} from ${url}\n`)
    client.subscribe(filters, { qos: 2 }, (error) => {
      if (error) process.stderr.write(`subscribe failed: ${error.message}\n`)
    })
  })
  client.on('error', (error) => process.stderr.write(`${error.message}\n`))
  client.on('message', (topic, payload, packet) => {
    const properties = recordedProperties(packet.properties)
    sink.write(
      serialiseRecordedMessage({
        ts: Date.now(),
        topic,
        qos: packet.qos,
        retain: packet.retain,
        payload,
        ...(properties === undefined ? {} : { properties }),
      }) + '\n',
    )
    count += 1
  })
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await new Promise<void>((resolve) => client.end(false, {}, () => resolve()))
  if (sink !== out) await new Promise<void>((resolve) => (sink as WriteStream).end(resolve))
  process.stderr.write(`${count} message${count === 1 ? '' : 's'} recorded\n`)
  return 0
}

export async function runReplayCommand(args: readonly string[]): Promise<number> {
  const parsed = parseFlags(args)
  if (typeof parsed === 'string') return usage(parsed)
  const unknown = [...parsed.flags.keys()].filter((k) => !['--url', '--speed', '--topic-prefix', ...TLS_FLAGS].includes(k))
  if (unknown.length > 0 || parsed.positional.length !== 1) return usage('replay needs one file and --url')
  const url = parsed.flags.get('--url')?.[0]
  if (url === undefined) return usage('replay needs --url')
  const tls = tlsFromFlags(parsed.flags, url)
  if (typeof tls === 'string') return usage(tls)
  const speed = Number(parsed.flags.get('--speed')?.[0] ?? '1')
  if (!Number.isFinite(speed) || speed < 0) return usage('--speed must be a number ≥ 0')
  const topicPrefix = parsed.flags.get('--topic-prefix')?.[0] ?? ''
  let text: string
  try {
    text = readFileSync(parsed.positional[0]!, 'utf8')
  } catch (error) {
    process.stderr.write(`cannot read ${parsed.positional[0]}: ${(error as Error).message}\n`)
    return 1
  }
  const file = parseRecordingJsonl(text)
  if (!file.ok) {
    process.stderr.write(`${parsed.positional[0]}: line ${file.line}: ${file.reason}\n`)
    return 1
  }
  const job = new ReplayJob({ connectUrl: url, clientOptions: tls, messages: file.messages, total: file.messages.length, topicPrefix, speed, qos: undefined })
  await job.finished
  const progress = job.progress()
  process.stderr.write(`${progress.state}: ${progress.sent} of ${progress.total} sent${progress.reason === undefined ? '' : ` (${progress.reason})`}\n`)
  return progress.state === 'done' ? 0 : 1
}

/** --ca/--cert/--key files and --servername/--insecure as MQTT.js options, checked as a recording's "tls" is; or what is wrong. */
function tlsFromFlags(flags: Flags, url: string): Record<string, unknown> | string {
  const request: Record<string, unknown> = {}
  for (const [flag, field] of [
    ['--ca', 'ca'],
    ['--cert', 'cert'],
    ['--key', 'key'],
  ] as const) {
    const file = flags.get(flag)?.[0]
    if (file === undefined) continue
    try {
      request[field] = readFileSync(file, 'utf8')
    } catch (error) {
      return `${flag}: cannot read ${file}: ${(error as Error).message}`
    }
  }
  const servername = flags.get('--servername')?.[0]
  if (servername !== undefined) request.servername = servername
  if (flags.has('--insecure')) request.rejectUnauthorized = false
  if (Object.keys(request).length === 0) return {}
  const tls = parseTlsRequest(request, url)
  if (tls !== undefined && 'error' in tls) return tls.error.replace(/tls\.(ca|cert|key|servername)/g, '--$1').replace(/"url"/, '--url')
  // MQTT.js takes the server name from the URL's host unless --servername says otherwise.
  return tlsClientOptions(tls, undefined)
}

function usage(problem: string): number {
  process.stderr.write(`mqtt-scope: ${problem}\n\n${RECORD_USAGE}\n`)
  return 2
}
