/**
 * The regular expression engine (re2js) is not in the worker's first load: it comes with the first
 * regex filter. A file of its own, so that the engine is not loaded yet when it starts.
 */
import { describe, expect, it } from 'vitest'
import { compileLinearRegex, ENGINE_LOADING, loadLinearRegexEngine } from '../model/linear-regex.ts'
import { LIMITS } from '../model/limits.ts'
import { Explorer } from './explorer.ts'
import type { IncomingMessage } from './mqtt-session.ts'

function message(topic: string): IncomingMessage {
  return { topic, payload: new TextEncoder().encode('1'), qos: 0, retain: false, dup: false, properties: undefined }
}

describe('the regex engine, loaded with the first regular expression', () => {
  it('a regex filter says the engine is loading, then applies by itself once it is there', async () => {
    const ex = new Explorer()
    for (const topic of ['home/kitchen/temp', 'home/hall/light', 'garden/temp']) ex.ingest(message(topic), 1)
    ex.setRange({ start: 0, count: 100 })
    ex.setFilter({ mode: 'regex', query: 'temp$', payloads: false })
    const waiting = ex.snapshot(1)
    expect(waiting.tree.filterError).toBe(ENGINE_LOADING)
    // An invalid pattern is still named at once, without the engine.
    expect(compileLinearRegex('(', LIMITS.regex)).toMatchObject({ error: expect.stringMatching(/Invalid regular expression/) })

    await loadLinearRegexEngine()
    await Promise.resolve()
    const applied = ex.snapshot(2)
    expect(applied.tree.filterError).toBeUndefined()
    expect(applied.tree.rows.map((r) => r.topic)).toEqual(['garden', 'garden/temp', 'home', 'home/kitchen', 'home/kitchen/temp'])
    expect('error' in compileLinearRegex('a+', LIMITS.regex)).toBe(false)
  })
})
