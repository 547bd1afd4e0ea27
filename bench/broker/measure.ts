import { startCpuWatch } from './cpu.ts'
import { mean, median } from '../common/stats.ts'
import type { BenchParams } from './options.ts'
import { startPublishers } from './publishers.ts'
import { CountingSubscriber, startSampling, type Sample } from './subscriber.ts'

const TOPIC_PREFIX = 'bench/pub/'
/** Longest waits, once the publishers have stopped, for their disconnects, then for the subscriber. */
const DISCONNECT_MAX_MS = 20_000
const SETTLE_MAX_MS = 10_000

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

export interface Measurement {
  readonly url: string
  /** Messages the publishers handed to their sockets. */
  readonly sent: number
  /** Messages the subscriber got, including any that arrived after the publishers stopped. */
  readonly received: number
  readonly receivedBytes: number
  readonly publishMs: number
  /** How long after the publishers stopped the last message reached the subscriber. */
  readonly catchUpMs: number
  /** Per-second deliveries to the subscriber while the publishers were sending, after warm-up. */
  readonly medianMsgPerSec: number
  readonly meanMsgPerSec: number
  readonly samples: readonly Sample[]
  /** Warm-up samples left out of the median and mean. */
  readonly skippedSamples: number
  /** CPU use while the publishers were sending, in percent of one core (null where unreadable). */
  readonly cpuPercent: Readonly<Record<'broker' | 'publishers' | 'subscriber', number | null>>
}

/** One fan-in run: `publishers` senders and one `#` subscriber, all on `url`. */
export async function measure(url: string, brokerPid: number | undefined, params: BenchParams): Promise<Measurement> {
  const subscriber = await CountingSubscriber.connect(url, TOPIC_PREFIX, params.wsClient)
  const publishers = startPublishers(
    { url, publishers: params.publishers, payloadBytes: params.payloadBytes, seconds: params.seconds, topicPrefix: TOPIC_PREFIX, wsClient: params.wsClient },
    { startMs: 20_000, doneMs: 20_000 + params.seconds * 1000 + 10_000 },
  )
  try {
    await publishers.started
    const sampling = startSampling(subscriber)
    const cpu = startCpuWatch({ broker: brokerPid, publishers: publishers.pid, subscriber: process.pid })
    const { sent, elapsedMs } = await publishers.done
    const all = sampling.stop()
    const cpuPercent = cpu.stop() as Measurement['cpuPercent']
    // Loopback sockets buffer megabytes, so deliveries go on for a while after the last send:
    // wait for the worker's clean disconnects (everything it sent has reached the broker), then
    // for the subscriber to go quiet.
    const doneAt = performance.now()
    await Promise.race([publishers.exited, sleep(DISCONNECT_MAX_MS)])
    await subscriber.settle(1_000, SETTLE_MAX_MS)
    const catchUpMs = Math.max(0, Math.round(subscriber.lastMessageAt - doneAt))
    // The sampler ticks once a second (late when the machine is busy): the first ticks are warm-up.
    const counted = all.slice(params.warmupSeconds)
    const rates = counted.map((s) => s.msgPerSec)
    return {
      url,
      sent: sent.reduce((a, b) => a + b, 0),
      received: subscriber.messages,
      receivedBytes: subscriber.bytes,
      publishMs: elapsedMs,
      catchUpMs,
      medianMsgPerSec: median(rates),
      meanMsgPerSec: mean(rates),
      samples: all,
      skippedSamples: all.length - counted.length,
      cpuPercent,
    }
  } finally {
    await publishers.stop()
    await subscriber.close()
  }
}
