/**
 * The chart benchmark's publisher (paced like the ingest benchmark's: harness/paced-publisher.ts),
 * round-robin over the topics given.
 *
 *   tsx bench/browser/chart-publisher.ts --url mqtt://127.0.0.1:1883 --topics a/s0,a/s1,a/s2
 *
 * The payloads are what makes a chart hard to draw: a slow sine, noise on every point and a spike
 * now and then, as decimal text (`-12.345`). Seen through min/max decimation, every pixel column
 * of such a series has a distinct first, minimum, maximum and last point, so the chart draws the
 * most points it ever can (a smooth or monotonic series would draw half as many). Deterministic:
 * the same run publishes the same values.
 */
import { randomSource } from '../../server/test-support/packet-fuzzer.ts'
import { argument, runPacedPublisher } from './harness/paced-publisher.ts'

const topics = argument('--topics').split(',')
/** A seeded generator per topic (mulberry32), so every run sends the same values. */
const noise = topics.map((_, i) => randomSource(0x5eed + i))
const sent = topics.map(() => 0)

/** The next value of topic `k`: sine + noise, and every 9,973rd point a spike. */
function nextValue(k: number): string {
  const n = sent[k]!++
  const spike = n % 9973 === 9972 ? (k % 2 === 0 ? 400 : -400) : 0
  return (100 * Math.sin(n / 2000 + k) + 20 * (noise[k]!() - 0.5) + spike).toFixed(3)
}

await runPacedPublisher({ url: argument('--url'), topics, payload: (topic) => nextValue(topic) })
