import { mkdirSync } from 'node:fs'
import path from 'node:path'
import AsyncLevelPersistence from 'aedes-persistence-level/asyncPersistence.js'
import { Level } from 'level'
import { OrderedPersistence, type AsyncPersistence } from './ordered-persistence.ts'

/**
 * Where the broker keeps retained messages, persistent sessions' subscriptions, their queued
 * QoS 1/2 messages and wills: a LevelDB in `<data dir>/broker` (aedes-persistence-level), or
 * aedes's in-memory store with --memory.
 *
 * LevelDB appends every write to its log file before it reports success, so a write that has
 * finished is in the operating system's hands and survives the process being killed (kill -9); the
 * log is replayed at the next open. aedes finishes the writes before a SUBACK (the subscription)
 * and before a PUBREC (a QoS 2 message, retained or queued for offline sessions), but sends a QoS 1
 * PUBACK as it starts routing: a kill within that millisecond can lose that one message. A power
 * cut may still lose the last writes: they are not fsync'ed.
 */
export interface BrokerStore {
  /** What aedes takes as `persistence`; undefined: aedes's default memory store. */
  readonly persistence: AsyncPersistence | undefined
  /** The LevelDB folder, or undefined in memory. */
  readonly location: string | undefined
  /** Closes the database (after the broker has closed). */
  close(): Promise<void>
}

/** A data folder that cannot be used, said in one line. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataDirError'
  }
}

export const MEMORY_STORE: BrokerStore = Object.freeze({ persistence: undefined, location: undefined, close: async () => {} })

export async function openBrokerStore(settings: { readonly dataDir: string; readonly memory: boolean }): Promise<BrokerStore> {
  if (settings.memory) return MEMORY_STORE
  const root = path.resolve(settings.dataDir)
  const location = path.join(root, 'broker')
  try {
    // Only this user: the store holds every retained payload and queued message.
    mkdirSync(location, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new DataDirError(
      `cannot create the data folder ${root} (${(error as NodeJS.ErrnoException).code ?? String(error)}): choose another with --data-dir, or --memory`,
    )
  }
  const db = new Level<string, Buffer>(location, { valueEncoding: 'buffer' })
  try {
    await db.open()
  } catch (error) {
    throw new DataDirError(describeOpenError(error, root))
  }
  // In order: see ordered-persistence.ts.
  const persistence = new OrderedPersistence(new AsyncLevelPersistence(db) as unknown as AsyncPersistence)
  let closing: Promise<void> | undefined
  return {
    persistence,
    location,
    close: () => (closing ??= persistence.destroy()),
  }
}

function describeOpenError(error: unknown, root: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (cause?.code === 'LEVEL_LOCKED') {
    return `the data folder ${root} is in use by another mqtt-scope: stop it, or give this one another --data-dir (or --memory)`
  }
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error))
  return `cannot open the broker store in ${root} (${detail}): choose another --data-dir, or --memory`
}
