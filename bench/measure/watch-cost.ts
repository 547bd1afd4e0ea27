/** What a watch costs per message, in this process: a topic that does not match, and one that does (JSON with seq and ts). */
import { WatchRecorder } from '../../src/model/measure/watch-recorder.ts'
import { parseWatchDraft } from '../../src/model/measure/watch-settings.ts'
import { median, round } from '../common/stats.ts'

const MESSAGES = 100_000
const ROUNDS = 5

export interface WatchCost {
  readonly nonMatchingNsPerMessage: number
  readonly matchingJsonNsPerMessage: number
}

function nsPerMessage(run: () => void): number {
  const rounds: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint()
    run()
    rounds.push(Number(process.hrtime.bigint() - start) / MESSAGES)
  }
  return round(median(rounds), 0)
}

export function watchCost(): WatchCost {
  const parsed = parseWatchDraft({ filter: 'devices/+/telemetry', seqPath: 'seq', timePath: 'ts', qos: 0 })
  if (!('settings' in parsed)) throw new Error(parsed.problems.join())
  const settings = parsed.settings
  const encoder = new TextEncoder()
  // 1,000 other topics, as the explorer's '#' would see them, and 100 devices.
  const others = Array.from({ length: 1000 }, (_, i) => `home/room${i}/temp`)
  const devices = Array.from({ length: 100 }, (_, i) => `devices/d${i}/telemetry`)
  const payloads = Array.from({ length: 1000 }, (_, i) => encoder.encode(JSON.stringify({ seq: i, ts: Date.now(), temp: 21.5 })))
  const recorder = new WatchRecorder(settings, Date.now())
  const nonMatching = nsPerMessage(() => {
    for (let i = 0; i < MESSAGES; i++) recorder.ingest(others[i % others.length]!, payloads[i % payloads.length]!, false, Date.now())
  })
  let seq = 0
  const matching = nsPerMessage(() => {
    for (let i = 0; i < MESSAGES; i++) {
      const payload = encoder.encode(`{"seq":${seq++},"ts":${Date.now()},"temp":21.5}`)
      recorder.ingest(devices[0]!, payload, false, Date.now())
    }
  })
  return { nonMatchingNsPerMessage: nonMatching, matchingJsonNsPerMessage: matching }
}
