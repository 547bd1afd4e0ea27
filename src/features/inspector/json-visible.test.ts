import { describe, expect, it } from 'vitest'
import { jsonLines } from '@/model/json-lines.ts'
import { collapseKey, visibleLines } from './json-visible.ts'

describe('visibleLines (the collapsible JSON view as a flat list)', () => {
  const { lines } = jsonLines(JSON.parse('{"a":{"b":1,"c":[1,2]},"d":2}'))
  // 0 {  1 "a": {  2 "b": 1  3 "c": [  4 1  5 2  6 ]  7 }  8 "d": 2  9 }

  it('shows every line when nothing is collapsed', () => {
    expect(visibleLines(lines, new Set())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('a collapsed container keeps its open line and skips its contents and close line', () => {
    expect(visibleLines(lines, new Set(['$.a.c']))).toEqual([0, 1, 2, 3, 7, 8, 9])
    expect(visibleLines(lines, new Set(['$.a', '$.a.c']))).toEqual([0, 1, 8, 9])
    expect(visibleLines(lines, new Set(['$']))).toEqual([0])
  })

  it('handles 10,000 levels, collapsing deep down by line index', () => {
    const deep = jsonLines(JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)), 20_000).lines
    const at = 9000
    expect(collapseKey(deep[at]!, at)).toBe(`#${at}`)
    const shown = visibleLines(deep, new Set([collapseKey(deep[at]!, at)]))
    expect(shown).toHaveLength(deep.length - (deep[at]!.closeIndex! - at))
  })
})
