import type Database from 'better-sqlite3'
import type { Logger } from '../logger.ts'
import type { ReplayProgress, ReplayState } from './replay-job.ts'

const KEPT = 100

interface DbReplay {
  id: string
  recording: string | null
  state: string
  sent: number
  total: number
  reason: string | null
}

/**
 * Replay jobs' progress in the recordings database, so that a job cut short by a restart (or a
 * kill -9) is still reported: at start every job that was running becomes "interrupted" with the
 * count last saved. A write that fails (a full disk) is logged and never ends the replay.
 */
export class ReplayLog {
  readonly #db: Database.Database
  readonly #logger: Logger

  constructor(db: Database.Database, logger: Logger) {
    this.#db = db
    this.#logger = logger
    db.exec(`CREATE TABLE IF NOT EXISTS replays (
      id TEXT PRIMARY KEY, recording TEXT, state TEXT NOT NULL, sent INTEGER NOT NULL, total INTEGER NOT NULL, reason TEXT, created INTEGER NOT NULL)`)
  }

  /** At start: what was running when the server went away. */
  markInterrupted(): void {
    const rows = this.#db.prepare("SELECT * FROM replays WHERE state IN ('connecting', 'running')").all() as DbReplay[]
    const update = this.#db.prepare("UPDATE replays SET state = 'interrupted', reason = ? WHERE id = ?")
    for (const row of rows)
      update.run(`the server stopped during the replay; at least ${row.sent} of ${row.total} messages were sent (the count is saved twice a second)`, row.id)
  }

  save(progress: ReplayProgress): void {
    try {
      this.#db
        .prepare(
          `INSERT INTO replays (id, recording, state, sent, total, reason, created) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET state = excluded.state, sent = excluded.sent, reason = excluded.reason`,
        )
        .run(progress.id, progress.recording ?? null, progress.state, progress.sent, progress.total, progress.reason ?? null, Date.now())
    } catch (error) {
      this.#logger.error({ replay: progress.id, err: (error as Error).message }, 'replay progress not saved')
    }
  }

  /** Forgets all but the newest jobs. */
  prune(): void {
    try {
      this.#db.prepare('DELETE FROM replays WHERE id NOT IN (SELECT id FROM replays ORDER BY created DESC LIMIT ?)').run(KEPT)
    } catch (error) {
      this.#logger.error({ err: (error as Error).message }, 'old replays not pruned')
    }
  }

  get(id: string): ReplayProgress | undefined {
    const row = this.#db.prepare('SELECT * FROM replays WHERE id = ?').get(id) as DbReplay | undefined
    if (row === undefined) return undefined
    return {
      id: row.id,
      ...(row.recording === null ? {} : { recording: row.recording }),
      state: row.state as ReplayState,
      sent: row.sent,
      total: row.total,
      ...(row.reason === null ? {} : { reason: row.reason }),
    }
  }
}
