import { beforeAll, describe, expect, it } from 'vitest'
import { LIMITS } from './limits.ts'
import { compileLinearRegex, loadLinearRegexEngine, type LinearRegex, type RegexBudget } from './linear-regex.ts'

// The engine is loaded with the first regular expression (see linear-regex-loading.test.ts); here, up front.
beforeAll(() => loadLinearRegexEngine())

const BUDGET = LIMITS.regex

function compile(source: string, budget: RegexBudget = BUDGET): LinearRegex {
  const re = compileLinearRegex(source, budget)
  if ('error' in re) throw new Error(re.error)
  re.beginPass()
  return re
}

function errorOf(source: string): string {
  const re = compileLinearRegex(source, BUDGET)
  return 'error' in re ? re.error : '(compiled)'
}

describe('compileLinearRegex: catastrophic patterns run in linear time', () => {
  // Each of these takes a backtracking engine (the browser's RegExp) exponential or high-polynomial
  // time on such inputs: (a+)+$ needs ~2^n steps on "aaa…!".
  const cases: Array<[pattern: string, input: string, found: boolean]> = [
    ['(a+)+$', 'a'.repeat(5000) + '!', false],
    ['(a|aa)*b', 'a'.repeat(5000) + '!', false],
    ['(.*a){20}', 'a'.repeat(5000) + '!', true],
    ['(.*a){20}$', 'a'.repeat(5000) + '!', false],
    ['^(a+)+$', 'a'.repeat(5000), true],
    ['(x+x+)+y', 'x'.repeat(5000), false],
  ]
  for (const [pattern, input, found] of cases) {
    it(`${pattern} on ${input.length} characters answers ${found} within 2 s`, () => {
      const started = performance.now()
      const re = compile(pattern)
      for (let i = 0; i < 20; i++) expect(re.test(input)).toBe(found)
      expect(performance.now() - started).toBeLessThan(2_000)
    })
  }
})

describe('compileLinearRegex: the budget', () => {
  it('does not run a test whose predicted work is over matchWork: too-slow at once', () => {
    // 5,003 instructions × 65,535 characters: RE2 would take seconds on this even in linear time.
    const re = compile('(.*a){1000}$')
    const started = performance.now()
    expect(re.test('a'.repeat(65_535))).toBe('too-slow')
    expect(performance.now() - started).toBeLessThan(500)
    // The same pattern on a short input is within the bound and answers (50 a's are fewer than 1,000).
    expect(re.test('a'.repeat(50))).toBe(false)
    expect(compile('(.*a){10}$').test('a'.repeat(50))).toBe(true)
  })

  it('answers too-slow once the pass has used passMs, and again after beginPass is fresh', () => {
    let now = 0
    const re = compileLinearRegex('temp$', { passMs: 10, matchWork: BUDGET.matchWork }, () => now)
    if ('error' in re) throw new Error(re.error)
    re.beginPass()
    now = 10
    expect(re.test('home/temp')).toBe(true)
    now = 11
    expect(re.test('home/temp')).toBe('too-slow')
    re.beginPass()
    expect(re.test('home/temp')).toBe(true)
  })

  it('stops a real pass over many long inputs within about passMs', () => {
    const re = compile('(a|b)*a(a|b){12}$', { passMs: 50, matchWork: Number.MAX_SAFE_INTEGER })
    let input = ''
    for (let i = 0; i < 20_000; i++) input += i % 3 === 0 ? 'a' : 'b'
    const started = performance.now()
    let outcome: boolean | 'too-slow' = false
    for (let i = 0; i < 1000 && outcome !== 'too-slow'; i++) outcome = re.test(input + String(i))
    expect(outcome).toBe('too-slow')
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})

describe('compileLinearRegex: JavaScript syntax and messages', () => {
  it('keeps the browser message for a pattern JavaScript rejects', () => {
    expect(errorOf('(')).toMatch(/^Invalid regular expression: \/\(\/: Unterminated group/)
    expect(errorOf('a**')).toMatch(/^Invalid regular expression: .*Nothing to repeat/)
    expect(errorOf('x{2,1}')).toMatch(/^Invalid regular expression: .*out of order/)
  })

  it('says which JavaScript feature RE2 lacks', () => {
    expect(errorOf('(?=a)b')).toBe('Unsupported regular expression: lookahead (?= and (?! is not supported')
    expect(errorOf('(?!a)b')).toBe('Unsupported regular expression: lookahead (?= and (?! is not supported')
    expect(errorOf('(a)\\1')).toBe('Unsupported regular expression: backreferences (\\1, \\k<name>) are not supported')
    expect(errorOf('(?<n>a)\\k<n>')).toBe('Unsupported regular expression: backreferences (\\1, \\k<name>) are not supported')
    expect(errorOf('(?<=(a))b')).toBe('Unsupported regular expression: a lookbehind cannot hold a capturing group, use (?:…)')
    expect(errorOf('a{1001}')).toBe('Unsupported regular expression: repeat counts above 1000 are not supported')
  })

  it('matches like RegExp on the JavaScript syntax topic filters use', () => {
    const inputs = ['home/kitchen/temp', 'home/attic/light', 'Home/Temp', 'sensor/42/é', 'a/b', '', 'x/y/z/', 'dev/t1955', 'k<n>']
    const patterns = [
      '^home/.*temp$',
      '/(temp|light)$',
      '\\d+',
      '^[A-Z]',
      '\\u00e9',
      't19\\d\\d',
      '(?<level>[a-z]+)/',
      '(?<=attic/)light',
      '(?<!kitchen/)temp',
      '[^]',
      'a\\/b',
      '\\bb\\b',
      '\\w+/\\w+$',
      'k<n>',
      '\\k<n>',
      '',
    ]
    for (const pattern of patterns) {
      const re = compile(pattern)
      const native = new RegExp(pattern)
      for (const input of inputs) expect(re.test(input), `${pattern} on ${input}`).toBe(native.test(input))
    }
  })
})
