// aedes-persistence-level ships no types. Its asyncPersistence.js entry is the class aedes 1.2
// takes as `persistence` (its setup() is an async function, which aedes checks).
declare module 'aedes-persistence-level/asyncPersistence.js' {
  import type { Level } from 'level'

  export default class AsyncLevelPersistence {
    constructor(db: Level<string, Buffer>)
    setup(broker: unknown): Promise<void>
    /** Closes the database. */
    destroy(): Promise<void>
  }
}
