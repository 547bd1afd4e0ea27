import { MEASURE_LIMITS } from '../../src/model/measure/measure-limits.ts'
import { PROBE_DEFAULTS, grouped } from '../../src/model/measure/probe-settings.ts'
import type { QoS } from '../../src/model/connection-types.ts'

export const MEASURE_USAGE = `Usage:
  mqtt-scope measure [--url URL] [--count N] [--rate R] [--qos 0|1|2] [--size BYTES] [--topic TOPIC]
                     [--subscriber-url URL] [connection flags] [--json]
  mqtt-scope measure --watch FILTER [--seq-path PATH] [--time-path PATH] [--duration SECONDS]
                     [--url URL] [--qos 0|1|2] [connection flags] [--json]

A probe publishes N messages (each carries its run id, sequence number and send time) to TOPIC
and receives them on a subscription to it, then reports: sent, received, lost (= sent - received
once ${MEASURE_LIMITS.graceMs / 1000} s passed after the last send), loss rate (lost / sent), duplicates,
out of order, throughput (received / time, msg/s and msg/min), latency (receive - send time:
min, mean, p50, p90, p99, max) and, at QoS 1/2, the acknowledgement time.
A watch follows a device stream and reports the same per topic and in total, from the
sequence number and timestamp (epoch s/ms or ISO 8601) at the JSON paths given.

Probe:
  --url URL             broker: mqtt://, mqtts://, ws://, wss:// (default mqtt://localhost:1883)
  --count N             messages, 1 to ${grouped(MEASURE_LIMITS.maxCount)} (default ${PROBE_DEFAULTS.count})
  --rate R              messages per second, up to ${grouped(MEASURE_LIMITS.maxRate)} (default: as fast as the
                        connection takes them); a run lasts at most ${MEASURE_LIMITS.maxDurationMs / 60_000} min
  --qos 0|1|2           publish and subscribe QoS (default ${PROBE_DEFAULTS.qos})
  --size BYTES          payload size (default ${PROBE_DEFAULTS.size}; at least the stamp, about 50 bytes)
  --topic TOPIC         probe topic, no wildcards (default mqtt-scope/probe/<run id>)
  --subscriber-url URL  receive on a second connection (to this broker), apart from the publisher
Watch:
  --watch FILTER        topic filter to watch, such as 'devices/+/telemetry'
  --seq-path PATH       JSON path of the sequence number (seq, data.seq, $.a[0])
  --time-path PATH      JSON path of the send time (latency includes the device's clock offset)
  --duration SECONDS    stop after this long (default: at Ctrl+C)
Connection:
  --username U          user name
  --password-file F     the password: the first line of F
  --ca F                CA certificate(s) (PEM) to verify an mqtts:// or wss:// broker
  --cert F, --key F     client certificate and key (PEM)
  --mqtt-version V      5 or 3.1.1 (default: 5, then 3.1.1 if the broker does not speak 5)
Output:
  --json                one JSON object: sent, received, lost, loss_rate, duplicates, out_of_order,
                        duration_s, throughput_msg_s, throughput_msg_min, latency_ms {min, mean,
                        p50, p90, p99, max}; a watch adds resets and topics (the same per topic)

Exit status: 0 the run completed (whatever the loss), 1 it could not run or was cut short
(connection refused, not authorized, connection lost), 2 bad flags.`

export interface MeasureFlags {
  readonly url: string
  readonly subscriberUrl: string | undefined
  readonly count: number
  readonly rate: number | undefined
  readonly qos: QoS
  readonly size: number
  readonly topic: string | undefined
  readonly watch: string | undefined
  readonly seqPath: string
  readonly timePath: string
  readonly durationS: number | undefined
  readonly username: string | undefined
  readonly passwordFile: string | undefined
  readonly ca: string | undefined
  readonly cert: string | undefined
  readonly key: string | undefined
  readonly mqttVersion: 4 | 5 | undefined
  readonly json: boolean
}

const VALUE_FLAGS = [
  '--url',
  '--subscriber-url',
  '--count',
  '--rate',
  '--qos',
  '--size',
  '--topic',
  '--watch',
  '--seq-path',
  '--time-path',
  '--duration',
  '--username',
  '--password-file',
  '--ca',
  '--cert',
  '--key',
  '--mqtt-version',
] as const
type ValueFlag = (typeof VALUE_FLAGS)[number]

const PROBE_ONLY: readonly ValueFlag[] = ['--count', '--rate', '--size', '--topic', '--subscriber-url']
const WATCH_ONLY: readonly ValueFlag[] = ['--seq-path', '--time-path', '--duration']
const SCHEMES = /^(mqtts?|wss?):\/\/[^/]/

/** The flags, or every problem with them (exit 2); 'help' for --help / -h. */
export function parseMeasureFlags(args: readonly string[]): { flags: MeasureFlags } | { problems: string[] } | 'help' {
  const values = new Map<ValueFlag, string>()
  const problems: string[] = []
  let json = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--help' || arg === '-h') return 'help'
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    if (name === '--json') {
      if (eq > 0) problems.push('--json takes no value')
      json = true
      continue
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
      problems.push(arg.startsWith('-') ? `unknown flag ${name}` : `unexpected argument "${arg}"`)
      continue
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i]
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      problems.push(`${name} needs a value`)
      if (value !== undefined) i--
      continue
    }
    if (values.has(name as ValueFlag)) problems.push(`${name} given twice`)
    values.set(name as ValueFlag, value)
  }
  const watch = values.get('--watch')
  for (const flag of watch === undefined ? WATCH_ONLY : PROBE_ONLY) {
    if (values.has(flag)) problems.push(watch === undefined ? `${flag} is for a watch (with --watch)` : `${flag} is for a probe, not with --watch`)
  }
  const number = (flag: ValueFlag, whole: boolean, fallback?: number): number | undefined => {
    const text = values.get(flag)
    if (text === undefined) return fallback
    const n = Number(text)
    if (text.trim() === '' || !Number.isFinite(n) || (whole && !Number.isInteger(n))) {
      problems.push(`${flag}: "${text}" is not ${whole ? 'a whole number' : 'a number'}`)
      return fallback
    }
    return n
  }
  const count = number('--count', true, PROBE_DEFAULTS.count)!
  const rate = number('--rate', false)
  const size = number('--size', true, PROBE_DEFAULTS.size)!
  const durationS = number('--duration', false)
  if (durationS !== undefined && !(durationS > 0)) problems.push('--duration: more than 0 seconds')
  const qosText = values.get('--qos') ?? String(PROBE_DEFAULTS.qos)
  if (!['0', '1', '2'].includes(qosText)) problems.push(`--qos: 0, 1 or 2, not "${qosText}"`)
  const versionText = values.get('--mqtt-version')
  const mqttVersion = versionText === undefined ? undefined : versionText === '5' ? 5 : versionText === '3.1.1' || versionText === '4' ? 4 : undefined
  if (versionText !== undefined && mqttVersion === undefined) problems.push(`--mqtt-version: 5 or 3.1.1, not "${versionText}"`)
  const url = values.get('--url') ?? 'mqtt://localhost:1883'
  const subscriberUrl = values.get('--subscriber-url')
  for (const [flag, value] of [
    ['--url', url],
    ['--subscriber-url', subscriberUrl],
  ] as const) {
    if (value !== undefined && !SCHEMES.test(value)) problems.push(`${flag}: "${value}" is not an mqtt://, mqtts://, ws:// or wss:// URL`)
  }
  if (values.has('--cert') !== values.has('--key')) problems.push('--cert and --key go together')
  if (problems.length > 0) return { problems }
  return {
    flags: {
      url,
      subscriberUrl,
      count,
      rate,
      qos: Number(qosText) as QoS,
      size,
      topic: values.get('--topic'),
      watch,
      seqPath: values.get('--seq-path') ?? '',
      timePath: values.get('--time-path') ?? '',
      durationS,
      username: values.get('--username'),
      passwordFile: values.get('--password-file'),
      ca: values.get('--ca'),
      cert: values.get('--cert'),
      key: values.get('--key'),
      mqttVersion,
      json,
    },
  }
}
