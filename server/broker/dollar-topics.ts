import { Transform } from 'node:stream'
import { matchesFilter } from '../../src/model/topic-rules.ts'

/** The part of an aedes persistence that replays retained messages to a new subscription. */
interface RetainedReplay {
  createRetainedStreamCombi(patterns: string[]): NodeJS.ReadableStream
}

/**
 * [MQTT-4.7.2-1]: a filter that starts with a wildcard (`#`, `+/...`) must not match a topic that
 * starts with `$`. aedes keeps to it for live messages but not when it replays retained ones (its
 * persistence matches `#` against `$SYS/broker/...`), so a person subscribed to `#` would see every
 * retained $SYS statistic. This filters the replay: a `$` topic passes only when a filter that does
 * not start with a wildcard matches it (`$SYS/#` still gets them).
 */
export function excludeDollarTopicsFromWildcards(persistence: RetainedReplay): void {
  const replay = persistence.createRetainedStreamCombi.bind(persistence)
  persistence.createRetainedStreamCombi = (patterns: string[]) => {
    const explicit = patterns.filter((p) => p[0] !== '#' && p[0] !== '+')
    const source = replay(patterns)
    if (explicit.length === patterns.length) return source
    const filtered = new Transform({
      objectMode: true,
      transform(packet: { topic: string }, _encoding, callback) {
        if (packet.topic[0] !== '$' || explicit.some((p) => matchesFilter(p, packet.topic))) callback(null, packet)
        else callback()
      },
    })
    source.on('error', (error: Error) => filtered.destroy(error))
    return source.pipe(filtered)
  }
}
