import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../logger.ts'
import { RefusalLog } from './refusal-log.ts'

/** A real pino logger writing JSON lines into an array. */
function capture() {
  const lines: Array<{ level: number; msg: string; from?: string; refused?: number }> = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line))
      callback()
    },
  })
  return { log: createLogger({ level: 'info', format: 'json' }, destination), lines }
}

const WARN = 40
const logs: RefusalLog[] = []
afterEach(() => {
  for (const log of logs.splice(0)) log.close()
})

function setUp(options = { intervalMs: 60_000, maxAddresses: 1_000, maxLines: 20 }) {
  let now = 5_000_000
  const { log, lines } = capture()
  const refusals = new RefusalLog(log, options, () => now)
  logs.push(refusals)
  return { refusals, lines, advance: (ms: number) => (now += ms) }
}

describe('RefusalLog', () => {
  it('logs the first refusal from an address at once, at warn with the address, and sums up the rest', async () => {
    const { refusals, lines, advance } = setUp()
    for (let i = 0; i < 5_000; i++)
      refusals.refused('10.0.0.1', '10.0.0.1', i % 2 === 0 ? 'bad user name or password (user "mallory")' : 'not authorized: too many failed password checks')
    expect(lines).toEqual([
      expect.objectContaining({ level: WARN, from: '10.0.0.1', msg: 'CONNECT refused from 10.0.0.1: bad user name or password (user "mallory")' }),
    ])
    advance(30_000)
    refusals.flush()
    expect(lines).toHaveLength(1)
    advance(30_000)
    refusals.flush()
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatchObject({ level: WARN, from: '10.0.0.1', refused: 4_999 })
    expect(lines[1]!.msg).toBe(
      '4999 more CONNECT(s) refused from 10.0.0.1 in 60 s: 2500 × not authorized: too many failed password checks; 2499 × bad user name or password (user "mallory")',
    )
  })

  it('after a quiet interval logs the next refusal at once again', () => {
    const { refusals, lines, advance } = setUp()
    refusals.refused('10.0.0.1', '10.0.0.1', 'first')
    advance(60_000)
    refusals.flush()
    refusals.refused('10.0.0.1', '10.0.0.1', 'second')
    expect(lines.map((l) => l.msg)).toEqual(['CONNECT refused from 10.0.0.1: first', 'CONNECT refused from 10.0.0.1: second'])
  })

  it('bounds the lines per interval however many addresses refuse', () => {
    const { refusals, lines, advance } = setUp({ intervalMs: 60_000, maxAddresses: 5, maxLines: 2 })
    for (let round = 0; round < 3; round++) {
      for (let a = 0; a < 100; a++) refusals.refused(`10.0.1.${a}`, `10.0.1.${a}`, 'bad password')
    }
    // The first five addresses one line each; the 95 others are not followed.
    expect(lines).toHaveLength(5)
    advance(60_000)
    refusals.flush()
    // Two summaries, then one line for the three other followed addresses and the rest.
    expect(lines).toHaveLength(8)
    expect(lines[7]).toMatchObject({ level: WARN, refused: 3 * 2 + 95 * 3 })
  })

  it('keeps the user names clients send on one line, clipped, and a bounded set of reasons per address', () => {
    const { refusals, lines, advance } = setUp()
    refusals.refused('10.0.0.9', '10.0.0.9', `bad user name or password (user "x\nFAKE LINE ${'y'.repeat(500)}")`)
    for (let i = 0; i < 1_000; i++) refusals.refused('10.0.0.9', '10.0.0.9', `bad user name or password (user "u${i}")`)
    advance(60_000)
    refusals.flush()
    expect(lines[0]!.msg).toContain('(user "x\\u000aFAKE LINE yyy')
    expect(lines[0]!.msg.length).toBeLessThan(300)
    expect(lines[1]!.msg).toContain('992 × other reasons')
    expect(lines[1]!.msg.split('; ')).toHaveLength(9)
  })
})
