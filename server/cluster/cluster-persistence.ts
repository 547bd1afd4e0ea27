import { Readable } from 'node:stream'
import AsyncRedisPersistence from 'aedes-persistence-redis/asyncPersistence.js'
import type { Redis } from 'ioredis'
import { OrderedPersistence, type AsyncPersistence } from '../broker/ordered-persistence.ts'

/** The persistence operations that answer with a stream. */
const STREAMS = ['createRetainedStream', 'createRetainedStreamCombi', 'outgoingStream', 'streamWill', 'getClientList'] as const

/**
 * aedes-persistence-redis 12 as aedes 1.2 takes it, in routing order (ordered-persistence.ts, the
 * same guarantee as on one node).
 *
 * Its streams are async generators, and aedes 1.2 calls `.pipe()` on the retained stream of a
 * SUBSCRIBE (lib/handlers/subscribe.js): every subscription with a wildcard or a retained match
 * threw. Each one becomes a Readable here, as aedes-persistence-level returns them.
 */
export function clusterPersistence(db: Redis): OrderedPersistence {
  const inner = new AsyncRedisPersistence({ conn: db }) as unknown as AsyncPersistence & Record<string, unknown>
  for (const name of STREAMS) {
    const make = (inner[name] as (...args: unknown[]) => AsyncIterable<unknown>).bind(inner)
    inner[name] = (...args: unknown[]) => {
      const source = make(...args)
      return source instanceof Readable ? source : Readable.from(source)
    }
  }
  return new OrderedPersistence(inner)
}
