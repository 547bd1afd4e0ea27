import type { RE2JS } from 're2js'
import { escapeInvisible } from './payload-preview.ts'

/**
 * User-typed regular expressions, run so that none can freeze the explorer.
 *
 * Why RE2 (the re2js package, pure JavaScript) and not the browser's RegExp: a backtracking engine
 * can take exponential time ((a+)+$ on "aaaa…!"), and JavaScript cannot interrupt one test() call,
 * so the only ways out with RegExp are guessing which patterns are dangerous (never complete) or a
 * second worker killed at a deadline (asynchronous filtering, and every topic copied across). RE2
 * runs every pattern in time linear in the input, so each test is bounded before it starts:
 * roughly instructions × characters. That bound is the remaining risk (a 5,000-instruction pattern
 * on a 65,535-character topic takes seconds even in linear time), so a test whose predicted work is
 * over `matchWork` is not run at all, and a pass over the tree stops once it has used `passMs`.
 * Either way the filter stops and says "this regular expression is too slow on topic X".
 *
 * Differences from JavaScript's RegExp (the pattern must first be valid JavaScript, so an invalid
 * one gets the browser's own "Invalid regular expression: …" message): no lookahead and no
 * backreferences (refused with a message that says so); lookbehind without capturing groups works;
 * repeat counts stop at 1,000; `\s` is ASCII whitespace; `.` also matches \r, U+2028 and U+2029;
 * `\p{…}` is a Unicode class.
 */

export interface RegexBudget {
  /** Milliseconds one pass (all the tests of one flatten) may use. */
  readonly passMs: number
  /** The largest predicted cost of one test: program instructions × input characters. */
  readonly matchWork: number
}

export type RegexTestResult = boolean | 'too-slow'

/** Wall-clock milliseconds; a parameter so a test can pin what a pass "costs". */
export type Clock = () => number

const NOW: Clock = () => performance.now()

export class LinearRegex {
  readonly #re: RE2JS
  readonly #instructions: number
  readonly #budget: RegexBudget
  readonly #clock: Clock
  /** Undefined until beginPass: a test outside a pass has only the per-test bound. */
  #passStart: number | undefined = undefined

  constructor(re: RE2JS, budget: RegexBudget, clock: Clock) {
    this.#re = re
    // RE2's program size; the public API types it loosely, so fall back to a generous guess.
    const size: unknown = re.re2().numberOfInstructions()
    this.#instructions = typeof size === 'number' && size > 0 ? size : 8 * re.pattern().length + 8
    this.#budget = budget
    this.#clock = clock
  }

  /** Starts a pass: the time budget counts from here. */
  beginPass(): void {
    this.#passStart = this.#clock()
  }

  /**
   * Whether the pattern occurs in `input`, or 'too-slow' when this test is predicted to cost more
   * than one test may (then it is not run), or when the pass has used its time by the end of it.
   */
  test(input: string): RegexTestResult {
    if (this.#instructions * input.length > this.#budget.matchWork) return 'too-slow'
    const found = this.#re.test(input)
    if (this.#passStart === undefined) return found
    return this.#clock() - this.#passStart > this.#budget.passMs ? 'too-slow' : found
  }
}

/**
 * The words the filter shows when a pass stops. The topic is escaped as in the tree rows, so
 * control and bidi characters in it cannot hide or reorder the message.
 */
export function tooSlowMessage(topic: string): string {
  return `this regular expression is too slow on topic ${escapeInvisible(topic)}`
}

/**
 * `source` compiled for linear-time matching (case-sensitive, no flags), or the message for the
 * user: the browser's own for a pattern JavaScript rejects, a specific one for JavaScript features
 * RE2 lacks.
 */
// re2js is ~40 KB gzip of the worker's ~180: it comes with the first regular expression, not with
// the worker (issue 18, first load). Until it is there, compileLinearRegex answers "loading".
let engine: typeof RE2JS | undefined
let loading: Promise<void> | undefined

/** Loads the engine (once; again after a failed load). Resolves when compileLinearRegex can compile. */
export function loadLinearRegexEngine(): Promise<void> {
  loading ??= import('re2js').then(
    (m) => void (engine = m.RE2JS),
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )
  return loading
}

/** What compileLinearRegex answers while the engine is loading (loadLinearRegexEngine). */
export const ENGINE_LOADING = 'Loading the regular expression engine…'

export function compileLinearRegex(source: string, budget: RegexBudget, clock: Clock = NOW): LinearRegex | { error: string; loading?: true } {
  try {
    // Only to validate: the browser's RegExp never runs a user pattern here.
    new RegExp(source)
  } catch (error) {
    // The engine's message already reads "Invalid regular expression: /(/: Unterminated group".
    const message = error instanceof Error ? error.message : String(error)
    return { error: message.startsWith('Invalid regular expression') ? message : `Invalid regular expression: ${message}` }
  }
  if (hasNamedBackreference(source)) return { error: unsupported('backreferences (\\1, \\k<name>) are not supported') }
  if (!engine) return { error: ENGINE_LOADING, loading: true }
  try {
    return new LinearRegex(engine.compile(engine.translateRegExp(source), engine.LOOKBEHINDS), budget, clock)
  } catch (error) {
    return { error: unsupported(explainRe2Error(error)) }
  }
}

function unsupported(why: string): string {
  return `Unsupported regular expression: ${why}`
}

/** RE2's parse errors for what JavaScript accepts, in the words of a JavaScript user. */
function explainRe2Error(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (message.includes('`(?=') || message.includes('`(?!')) return 'lookahead (?= and (?! is not supported'
  if (message.includes('invalid capture in lookbehind')) return 'a lookbehind cannot hold a capturing group, use (?:…)'
  if (/invalid escape sequence: `\\[1-9]/.test(message)) return 'backreferences (\\1, \\k<name>) are not supported'
  if (message.includes('invalid repeat count')) return 'repeat counts above 1000 are not supported'
  if (message.includes('expression too large')) return 'the expression is too large'
  return message.replace(/^error parsing regexp: /, '')
}

/**
 * `\k<name>` is a backreference in JavaScript when the pattern has a named group (else it is the
 * text "k<name>"); RE2's translation would silently turn it into that text.
 */
function hasNamedBackreference(source: string): boolean {
  let namedGroup = false
  let reference = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') {
      if (source[i + 1] === 'k' && source[i + 2] === '<') reference = true
      i++
    } else if (c === '(' && source[i + 1] === '?' && source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
      namedGroup = true
    }
  }
  return namedGroup && reference
}
