import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordedMessage, RecordedProperties } from '../../src/model/recording-jsonl.ts'

/** What a recording does when a budget is reached: drop its oldest messages (counted), or stop. */
export type OnFull = 'evict' | 'stop'
export type RecordingState = 'recording' | 'connecting' | 'stopped' | 'paused: credentials needed' | 'disk full' | 'budget reached' | 'imported'

export interface Budgets {
  readonly maxBytes: number
  readonly maxMessages: number
  readonly totalMaxBytes: number
  readonly totalMaxMessages: number
}

/** The target as stored and shown: never a password. */
export interface RecordingTarget {
  readonly url: string | undefined
  readonly username?: string
  readonly tls?: Readonly<Record<string, unknown>>
}

export interface RecordingRow {
  readonly id: string
  readonly name: string
  readonly target: RecordingTarget
  readonly filters: readonly string[]
  readonly qos: 0 | 1 | 2
  readonly onFull: OnFull
  readonly state: RecordingState
  readonly reason: string | undefined
  readonly messages: number
  readonly bytes: number
  readonly first: number | undefined
  readonly last: number | undefined
  readonly evicted: number
}

export interface MessageQuery {
  readonly from?: number
  readonly to?: number
  /** Exact topic, or an MQTT filter with + and #. */
  readonly topic?: string
}

interface DbRecording {
  id: string
  name: string
  target: string
  filters: string
  qos: number
  on_full: string
  state: string
  reason: string | null
  messages: number
  bytes: number
  first_ts: number | null
  last_ts: number | null
  evicted: number
}

/** Messages read per query when iterating a recording (bounds the memory of an export or a replay). */
const MESSAGES_PAGE = 500

interface DbMessage {
  ts: number
  topic: string
  qos: number
  retain: number
  payload: Buffer
  properties: string | null
}

/** Bytes a message costs against a budget: its topic and payload as sent. */
export function messageCost(message: RecordedMessage): number {
  return Buffer.byteLength(message.topic) + message.payload.length
}

/**
 * Recordings and their messages in one SQLite database (better-sqlite3, WAL): `recordings.sqlite`
 * in the data folder, or in memory with --memory. Counters (messages, bytes, first/last) live on
 * the recording row and change in the same transaction as the messages, so a crash never leaves
 * them disagreeing.
 */
export class RecordingStore {
  readonly db: Database.Database
  readonly inMemory: boolean

  constructor(dataDir: string | undefined) {
    this.inMemory = dataDir === undefined
    if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true })
    this.db = new Database(dataDir === undefined ? ':memory:' : join(dataDir, 'recordings.sqlite'))
    this.db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode: a committed transaction survives a process crash (kill -9); only a power
    // loss may lose the last commits.
    this.db.pragma('synchronous = NORMAL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS recordings (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, target TEXT NOT NULL, filters TEXT NOT NULL, qos INTEGER NOT NULL,
        on_full TEXT NOT NULL, state TEXT NOT NULL, reason TEXT, messages INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0, first_ts INTEGER, last_ts INTEGER, evicted INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, recording TEXT NOT NULL, ts INTEGER NOT NULL, topic TEXT NOT NULL,
        qos INTEGER NOT NULL, retain INTEGER NOT NULL, payload BLOB NOT NULL, properties TEXT, cost INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS messages_by_recording ON messages (recording, seq);
      CREATE INDEX IF NOT EXISTS messages_by_time ON messages (recording, ts);
    `)
  }

  close(): void {
    this.db.close()
  }

  create(row: { id: string; name: string; target: RecordingTarget; filters: readonly string[]; qos: 0 | 1 | 2; onFull: OnFull; state: RecordingState }): void {
    this.db
      .prepare('INSERT INTO recordings (id, name, target, filters, qos, on_full, state, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, row.name, JSON.stringify(row.target), JSON.stringify(row.filters), row.qos, row.onFull, row.state, Date.now())
  }

  setState(id: string, state: RecordingState, reason?: string): void {
    this.db.prepare('UPDATE recordings SET state = ?, reason = ? WHERE id = ?').run(state, reason ?? null, id)
  }

  get(id: string): RecordingRow | undefined {
    const row = this.db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as DbRecording | undefined
    return row === undefined ? undefined : toRow(row)
  }

  list(): RecordingRow[] {
    return (this.db.prepare('SELECT * FROM recordings ORDER BY created, id').all() as DbRecording[]).map(toRow)
  }

  delete(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM messages WHERE recording = ?').run(id)
      return this.db.prepare('DELETE FROM recordings WHERE id = ?').run(id).changes > 0
    })()
  }

  totals(): { messages: number; bytes: number } {
    return this.db.prepare('SELECT COALESCE(SUM(messages), 0) AS messages, COALESCE(SUM(bytes), 0) AS bytes FROM recordings').get() as {
      messages: number
      bytes: number
    }
  }

  /**
   * Stores a batch in one transaction within the budgets. Returns 'full' when the recording's
   * policy is 'stop' and the batch did not fit (what fitted is stored, in order).
   */
  insert(id: string, batch: readonly RecordedMessage[], budgets: Budgets): 'ok' | 'full' {
    const insert = this.db.prepare('INSERT INTO messages (recording, ts, topic, qos, retain, payload, properties, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    const bump = this.db.prepare('UPDATE recordings SET messages = messages + 1, bytes = bytes + ?, first_ts = COALESCE(first_ts, ?), last_ts = ? WHERE id = ?')
    return this.db.transaction((): 'ok' | 'full' => {
      const row = this.db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as DbRecording | undefined
      if (row === undefined) return 'ok'
      const totals = this.totals()
      let { messages, bytes } = row
      let totalMessages = totals.messages
      let totalBytes = totals.bytes
      for (const message of batch) {
        const cost = messageCost(message)
        const fits = () =>
          messages + 1 <= budgets.maxMessages &&
          bytes + cost <= budgets.maxBytes &&
          totalMessages + 1 <= budgets.totalMaxMessages &&
          totalBytes + cost <= budgets.totalMaxBytes
        if (!fits()) {
          if (row.on_full === 'stop' || cost > budgets.maxBytes || cost > budgets.totalMaxBytes) return 'full'
          while (!fits() && messages > 0) {
            const freed = this.#evictOldest(id)
            messages -= 1
            bytes -= freed
            totalMessages -= 1
            totalBytes -= freed
          }
          if (!fits()) return 'full'
        }
        const properties = message.properties === undefined ? null : JSON.stringify(message.properties)
        insert.run(id, message.ts, message.topic, message.qos, message.retain ? 1 : 0, message.payload, properties, cost)
        bump.run(cost, message.ts, message.ts, id)
        messages += 1
        bytes += cost
        totalMessages += 1
        totalBytes += cost
      }
      return 'ok'
    })()
  }

  /** Deletes the recording's oldest message; returns its cost. */
  #evictOldest(id: string): number {
    const oldest = this.db.prepare('SELECT seq, cost FROM messages WHERE recording = ? ORDER BY seq LIMIT 1').get(id) as { seq: number; cost: number }
    this.db.prepare('DELETE FROM messages WHERE seq = ?').run(oldest.seq)
    const next = this.db.prepare('SELECT ts FROM messages WHERE recording = ? ORDER BY seq LIMIT 1').get(id) as { ts: number } | undefined
    this.db
      .prepare('UPDATE recordings SET messages = messages - 1, bytes = bytes - ?, evicted = evicted + 1, first_ts = ? WHERE id = ?')
      .run(oldest.cost, next?.ts ?? null, id)
    return oldest.cost
  }

  /**
   * The recording's messages in the order received, filtered by time (inclusive) and topic. Read in
   * pages: an open better-sqlite3 iterator keeps the connection busy, so a consumer that waits between
   * messages (an export waiting for 'drain', a replay waiting out a gap) would make every recorder's
   * insert fail meanwhile. Between pages no statement is open.
   */
  *messages(id: string, query: MessageQuery = {}): Generator<RecordedMessage> {
    const page = this.db.prepare(
      'SELECT seq, ts, topic, qos, retain, payload, properties FROM messages WHERE recording = ? AND seq > ? AND ts >= ? AND ts <= ? ORDER BY seq LIMIT ?',
    )
    const matches = query.topic === undefined ? undefined : topicMatcher(query.topic)
    let after = -1
    for (;;) {
      const rows = page.all(id, after, query.from ?? 0, query.to ?? Number.MAX_SAFE_INTEGER, MESSAGES_PAGE) as (DbMessage & { seq: number })[]
      for (const row of rows) {
        if (matches !== undefined && !matches(row.topic)) continue
        yield {
          ts: row.ts,
          topic: row.topic,
          qos: row.qos as 0 | 1 | 2,
          retain: row.retain === 1,
          payload: new Uint8Array(row.payload.buffer, row.payload.byteOffset, row.payload.byteLength),
          ...(row.properties === null ? {} : { properties: JSON.parse(row.properties) as RecordedProperties }),
        }
      }
      if (rows.length < MESSAGES_PAGE) return
      after = rows[rows.length - 1]!.seq
    }
  }

  /** How many of the recording's messages fall in the time range (inclusive). */
  countMessages(id: string, query: Pick<MessageQuery, 'from' | 'to'> = {}): number {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM messages WHERE recording = ? AND ts >= ? AND ts <= ?')
      .get(id, query.from ?? 0, query.to ?? Number.MAX_SAFE_INTEGER) as { n: number }
    return row.n
  }
}

function toRow(row: DbRecording): RecordingRow {
  return {
    id: row.id,
    name: row.name,
    target: JSON.parse(row.target) as RecordingTarget,
    filters: JSON.parse(row.filters) as string[],
    qos: row.qos as 0 | 1 | 2,
    onFull: row.on_full as OnFull,
    state: row.state as RecordingState,
    reason: row.reason ?? undefined,
    messages: row.messages,
    bytes: row.bytes,
    first: row.first_ts ?? undefined,
    last: row.last_ts ?? undefined,
    evicted: row.evicted,
  }
}

/** An MQTT filter (+, #) or an exact topic as a test on topic names. */
export function topicMatcher(filter: string): (topic: string) => boolean {
  const parts = filter.split('/')
  return (topic) => {
    const levels = topic.split('/')
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === '#') return true
      if (i >= levels.length) return false
      if (parts[i] !== '+' && parts[i] !== levels[i]) return false
    }
    return levels.length === parts.length
  }
}
