import { randomBytes } from 'node:crypto'
import type { ClientLink } from '../../src/model/measure/client-link.ts'
import { probeJson, watchJson } from '../../src/model/measure/measure-export.ts'
import { runIdFrom } from '../../src/model/measure/probe-payload.ts'
import { ProbeRun, type ProbeReport } from '../../src/model/measure/probe-run.ts'
import { defaultProbeTopic, probeProblems, type ProbeSettings } from '../../src/model/measure/probe-settings.ts'
import { WatchRun } from '../../src/model/measure/watch-run.ts'
import { parseWatchDraft } from '../../src/model/measure/watch-settings.ts'
import { ConnectError, connectLink, nodeClock, readCredentials, type Credentials } from './measure-connect.ts'
import { MEASURE_USAGE, parseMeasureFlags, type MeasureFlags } from './measure-flags.ts'
import { probeText, watchText } from './measure-output.ts'

/**
 * `mqtt-scope measure`: the Measure panel's probe and watch for scripts and CI, with the same
 * computation (src/model/measure). Exit status 0 the run completed (whatever the loss), 1 it could
 * not run or was cut short, 2 bad flags.
 */
export async function runMeasureCommand(
  args: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const parsed = parseMeasureFlags(args)
  if (parsed === 'help') {
    out.write(`${MEASURE_USAGE}\n`)
    return 0
  }
  if ('problems' in parsed) return usage(err, parsed.problems)
  const { flags } = parsed
  const links: ClientLink[] = []
  try {
    const credentials = readCredentials(flags)
    return flags.watch === undefined ? await probe(flags, credentials, links, out, err) : await watch(flags, flags.watch, credentials, links, out, err)
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error
    err.write(`mqtt-scope measure: could not connect to ${error.message}\n`)
    return 1
  } finally {
    await Promise.all(links.map((link) => link.end()))
  }
}

function usage(err: NodeJS.WritableStream, problems: readonly string[]): number {
  err.write(`mqtt-scope measure: ${problems.join('\nmqtt-scope measure: ')}\nRun mqtt-scope measure --help for the flags.\n`)
  return 2
}

/** Ctrl+C (or SIGTERM) stops the run; a second one ends a probe's drain too. */
function onSignal(stop: () => void): () => void {
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return () => {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

async function probe(
  flags: MeasureFlags,
  credentials: Credentials,
  links: ClientLink[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const runId = runIdFrom(randomBytes(4))
  const settings: ProbeSettings = {
    count: flags.count,
    rate: flags.rate,
    qos: flags.qos,
    size: flags.size,
    topic: flags.topic ?? defaultProbeTopic(runId),
    separateSubscriber: flags.subscriberUrl !== undefined,
  }
  const problems = probeProblems(settings).map((p) =>
    p
      .replace(/^Messages/, '--count')
      .replace(/^Rate \(msg\/s\)/, '--rate')
      .replace(/^Payload size \(bytes\)/, '--size')
      .replace(/^Topic/, '--topic'),
  )
  if (problems.length > 0) return usage(err, problems)
  const pub = await connectLink(flags.url, credentials, 'probe', flags.mqttVersion)
  links.push(pub)
  const sub = flags.subscriberUrl === undefined ? pub : await connectLink(flags.subscriberUrl, credentials, 'probe-sub', flags.mqttVersion)
  if (sub !== pub) links.push(sub)
  const run = new ProbeRun(runId, settings, nodeClock)
  const release = onSignal(() => run.stop())
  let report: ProbeReport
  try {
    report = await run.run(pub, sub)
  } finally {
    release()
  }
  if (report.phase === 'failed') {
    err.write(`mqtt-scope measure: ${report.error}\n`)
    return 1
  }
  out.write(flags.json ? `${JSON.stringify(probeJson(report))}\n` : probeText(report, flags.url, flags.subscriberUrl))
  for (const note of flags.json ? report.notes : []) err.write(`mqtt-scope measure: note: ${note}\n`)
  if (report.incomplete !== undefined) err.write(`mqtt-scope measure: incomplete: ${report.incomplete}\n`)
  return report.incomplete === undefined ? 0 : 1
}

async function watch(
  flags: MeasureFlags,
  filter: string,
  credentials: Credentials,
  links: ClientLink[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const parsed = parseWatchDraft({ filter, seqPath: flags.seqPath, timePath: flags.timePath, qos: flags.qos })
  if ('problems' in parsed)
    return usage(
      err,
      parsed.problems.map((p) =>
        p
          .replace(/^Watch filter/, '--watch')
          .replace(/^Sequence path/, '--seq-path')
          .replace(/^Timestamp path/, '--time-path'),
      ),
    )
  const link = await connectLink(flags.url, credentials, 'watch', flags.mqttVersion)
  links.push(link)
  const run = new WatchRun(parsed.settings, nodeClock)
  const release = onSignal(() => run.stop())
  const timer = flags.durationS === undefined ? undefined : setTimeout(() => run.stop(), flags.durationS * 1000)
  try {
    await run.run(link)
    if (run.phase === 'watching') {
      const until = flags.durationS === undefined ? 'until Ctrl+C' : `for ${flags.durationS} s`
      err.write(`mqtt-scope measure: watching ${filter} on ${flags.url} ${until}\n`)
    }
    await run.done
  } finally {
    clearTimeout(timer)
    release()
  }
  const report = run.report(nodeClock.now())
  if (report.phase === 'failed') {
    err.write(`mqtt-scope measure: ${report.error}\n`)
    return 1
  }
  out.write(flags.json ? `${JSON.stringify(watchJson(report))}\n` : watchText(report, flags.url))
  if (report.incomplete !== undefined) err.write(`mqtt-scope measure: incomplete: ${report.incomplete}\n`)
  return report.incomplete === undefined ? 0 : 1
}
