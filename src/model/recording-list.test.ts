import { describe, expect, it } from 'vitest'
import {
  apiErrorText,
  exportPath,
  importErrorLine,
  isReplayOver,
  isRecordingActive,
  readRecordingList,
  readReplayProgress,
  recordingFileName,
  recordingStateText,
  recordingTargetText,
  replayStatusText,
  splitFilters,
} from './recording-list.ts'

/** A row as GET /api/recordings sends it (JSON.stringify leaves undefined fields out). */
const row = {
  id: 'a1',
  name: 'night',
  target: { url: 'mqtts://broker.example:8883', username: 'dev', tls: { given: true } },
  filters: ['sensors/#', 'alarms/+'],
  qos: 1,
  onFull: 'evict',
  state: 'recording',
  messages: 12,
  bytes: 3400,
  first: 1_700_000_000_000,
  last: 1_700_000_005_000,
  evicted: 2,
}

describe('readRecordingList', () => {
  it('reads the list and the memory flag, with optional fields left out', () => {
    const embedded = { ...row, id: 'b2', target: {}, first: undefined, last: undefined }
    const list = readRecordingList(JSON.parse(JSON.stringify({ inMemory: true, recordings: [row, embedded] })))
    expect(list?.inMemory).toBe(true)
    expect(list?.recordings[0]).toEqual({ ...row, target: { url: 'mqtts://broker.example:8883', username: 'dev', tls: true }, reason: undefined })
    expect(list?.recordings[1]).toMatchObject({ target: { url: undefined, username: undefined, tls: false }, first: undefined, last: undefined })
  })

  it('refuses an answer that is not a list of recordings', () => {
    expect(readRecordingList(undefined)).toBeUndefined()
    expect(readRecordingList({ recordings: [] })).toBeUndefined()
    expect(readRecordingList({ inMemory: false, recordings: [{ ...row, messages: -1 }] })).toBeUndefined()
    expect(readRecordingList({ inMemory: false, recordings: [{ ...row, qos: 3 }] })).toBeUndefined()
    expect(readRecordingList({ inMemory: false, recordings: [{ ...row, filters: [1] }] })).toBeUndefined()
    expect(readRecordingList({ inMemory: false, recordings: [{ ...row, reason: 5 }] })).toBeUndefined()
    expect(readRecordingList({ inMemory: false, recordings: [] })).toEqual({ inMemory: false, recordings: [] })
  })
})

describe('readReplayProgress', () => {
  it('reads a progress and refuses unknown states', () => {
    expect(readReplayProgress({ id: 'r', state: 'failed', sent: 3, total: 9, reason: 'ACL' })).toEqual({
      id: 'r',
      state: 'failed',
      sent: 3,
      total: 9,
      reason: 'ACL',
    })
    expect(readReplayProgress({ id: 'r', state: 'done', sent: 9, total: 9 })).toMatchObject({ reason: undefined })
    expect(readReplayProgress({ id: 'r', state: 'exploded', sent: 0, total: 0 })).toBeUndefined()
    // A replay the server's restart cut short: over, with the count the server had saved.
    const interrupted = readReplayProgress({ id: 'r', state: 'interrupted', sent: 4, total: 9, reason: 'the server restarted' })!
    expect(isReplayOver(interrupted.state)).toBe(true)
    expect(replayStatusText(interrupted)).toBe('Replay interrupted after 4 of 9 sent: the server restarted')
    expect(readReplayProgress({ id: 'r', state: 'done', sent: 1.5, total: 2 })).toBeUndefined()
  })
})

describe('texts', () => {
  it('says why a recording reconnects, and keeps the paused state as the server names it', () => {
    expect(recordingStateText({ state: 'connecting', reason: undefined })).toBe('connecting')
    expect(recordingStateText({ state: 'connecting', reason: 'connect ECONNREFUSED 127.0.0.1:1883' })).toBe('reconnecting: connect ECONNREFUSED 127.0.0.1:1883')
    expect(recordingStateText({ state: 'paused: credentials needed', reason: 'the credentials were not remembered' })).toBe('paused: credentials needed')
    expect(recordingStateText({ state: 'recording', reason: 'the broker refused $SYS/#' })).toBe('recording (the broker refused $SYS/#)')
    expect(recordingStateText({ state: 'stopped', reason: undefined })).toBe('stopped')
    expect(isRecordingActive('paused: credentials needed')).toBe(true)
    expect(isRecordingActive('imported')).toBe(false)
  })

  it('names the target without secrets', () => {
    expect(recordingTargetText({ state: 'recording', target: { url: undefined, username: undefined, tls: false } })).toBe('embedded broker')
    expect(recordingTargetText({ state: 'imported', target: { url: undefined, username: undefined, tls: false } })).toBe('imported file')
    expect(recordingTargetText({ state: 'stopped', target: { url: 'mqtts://b:8883', username: 'dev', tls: true } })).toBe('mqtts://b:8883 as dev (TLS options)')
  })

  it('gives replay progress and the final state with its reason', () => {
    expect(replayStatusText({ id: 'r', state: 'running', sent: 12, total: 50, reason: undefined })).toBe('Replaying: 12 of 50 sent')
    expect(replayStatusText({ id: 'r', state: 'done', sent: 50, total: 50, reason: undefined })).toBe('Replay finished: 50 of 50 sent')
    expect(replayStatusText({ id: 'r', state: 'failed', sent: 3, total: 50, reason: 'reason code 135' })).toBe(
      'Replay failed after 3 of 50 sent: reason code 135',
    )
    expect(replayStatusText({ id: 'r', state: 'stopped', sent: 7, total: 50, reason: undefined })).toBe('Replay stopped: 7 of 50 sent')
  })

  it("uses the server's sentence for a refusal, and the import's line number", () => {
    expect(apiErrorText(400, { error: 'line 3: not valid JSON', line: 3, reason: 'not valid JSON' })).toBe('line 3: not valid JSON')
    expect(apiErrorText(502, undefined)).toBe('the server answered 502')
    expect(importErrorLine({ line: 3 })).toBe(3)
    expect(importErrorLine({ line: 0 })).toBeUndefined()
  })
})

describe('exports', () => {
  it('builds the export query, leaving out what is not limited', () => {
    expect(exportPath('a/b', { format: 'jsonl' })).toBe('/api/recordings/a%2Fb/messages?format=jsonl')
    expect(exportPath('x', { format: 'csv', from: 10, to: 20, topic: 'a/+/c#' })).toBe(
      '/api/recordings/x/messages?format=csv&from=10&to=20&topic=a%2F%2B%2Fc%23',
    )
    expect(exportPath('x', { format: 'csv', topic: '' })).toBe('/api/recordings/x/messages?format=csv')
  })

  it('makes a safe file name of any recording name', () => {
    expect(recordingFileName('night shift: sensors/a', 'jsonl')).toBe('night_shift_sensors_a.jsonl')
    expect(recordingFileName('../../etc/passwd', 'csv')).toBe('etc_passwd.csv')
    expect(recordingFileName('\u202egpj.exe', 'jsonl')).toBe('gpj.exe.jsonl')
    expect(recordingFileName('CON', 'csv')).toBe('_CON.csv')
    expect(recordingFileName('…', 'csv')).toBe('recording.csv')
    expect(recordingFileName('x'.repeat(300), 'jsonl')).toHaveLength(106)
  })

  it('reads filters one per line (commas belong to topics)', () => {
    expect(splitFilters(' a/# \n\nb,c/+\na/#\n')).toEqual(['a/#', 'b,c/+'])
  })
})
