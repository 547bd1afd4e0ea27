// aedes-persistence-redis ships no types. Its asyncPersistence.js entry is the class of the
// aedes 1.2 persistence interface (an async setup()); its streams are async generators.
declare module 'aedes-persistence-redis/asyncPersistence.js' {
  import type { Redis } from 'ioredis'

  export default class AsyncRedisPersistence {
    constructor(options: { conn: Redis; maxSessionDelivery?: number })
    setup(broker: unknown): Promise<void>
    /** Unsubscribes from the broker and disconnects the connection it was given. */
    destroy(): Promise<void>
  }
}
