/**
 * Publish templates: {{timestamp}} (epoch ms), {{iso}} (ISO 8601), {{counter}}, {{random A B}}
 * (A..B inclusive; integers when both bounds are, else decimals), {{uuid}} (v4). Expanded per send
 * in the topic, the text payload, the response topic and correlation data.
 *
 * Rules:
 * - A placeholder is "{{", a name and its arguments separated by whitespace, "}}"; whitespace just
 *   inside the braces is allowed ("{{ random 0 100 }}"). Names are lower case, as listed above.
 * - Only complete placeholders count: a lone "{{" or "}}" is sent as typed (there is no escape, so
 *   "{{name}}" with an unknown name is a problem, not literal text).
 * - {{random A B}}: A and B are decimal numbers ("-5", "0.25"), A ≤ B. With integer bounds the value
 *   is an integer in [A, B]; otherwise it has as many decimals as the bound with the most, and is
 *   one of the evenly spaced values of that precision in [A, B] (both ends included).
 * - Every placeholder of one send sees the same context, so {{timestamp}} and {{iso}} agree.
 */
export interface TemplateContext {
  readonly now: number
  readonly counter: number
  /** [0, 1), Math.random in the app; fixed in tests. */
  readonly random: () => number
  readonly uuid: () => string
}

/** "{{" name (args) "}}": no brace inside, so "{{{counter}}}" is "{" + a placeholder + "}". */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/
/** Keeps every random value an exact safe integer once scaled by 10^decimals. */
const MAX_DECIMALS = 9

export const TEMPLATE_NAMES = ['timestamp', 'iso', 'counter', 'random', 'uuid'] as const
type TemplateName = (typeof TEMPLATE_NAMES)[number]

/** A placeholder read from the text: what to put in its place, or why it cannot be expanded. */
type Placeholder = { readonly expand: (context: TemplateContext) => string } | { readonly problem: string }

/** Every placeholder replaced. Assumes findTemplateProblem(text) is undefined. */
export function expandTemplate(text: string, context: TemplateContext): string {
  if (!text.includes('{{')) return text
  return text.replace(PLACEHOLDER, (whole, inner: string) => {
    const placeholder = readPlaceholder(whole, inner)
    if ('problem' in placeholder) throw new Error(placeholder.problem)
    return placeholder.expand(context)
  })
}

/** Whether the text holds any placeholder. */
export function hasTemplates(text: string): boolean {
  return text.includes('{{') && /\{\{[^{}]*\}\}/.test(text)
}

/** What is wrong with the placeholders ("unknown template {{foo}}", "{{random}} needs two numbers"), or undefined. */
export function findTemplateProblem(text: string): string | undefined {
  if (!text.includes('{{')) return undefined
  for (const match of text.matchAll(PLACEHOLDER)) {
    const placeholder = readPlaceholder(match[0], match[1]!)
    if ('problem' in placeholder) return placeholder.problem
  }
  return undefined
}

/** A context for validating: fixed sample values (used to check that a templated JSON payload is valid JSON). */
export function sampleContext(): TemplateContext {
  return {
    now: Date.UTC(2024, 0, 1, 12, 0, 0),
    counter: 1,
    random: () => 0.5,
    uuid: () => '00000000-0000-4000-8000-000000000000',
  }
}

/** The context of one real send: the clock now, Math.random, a fresh v4 UUID per {{uuid}}. */
export function liveContext(counter: number): TemplateContext {
  return { now: Date.now(), counter, random: Math.random, uuid: randomUuid }
}

function readPlaceholder(whole: string, inner: string): Placeholder {
  const words = inner
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')
  const [name, ...args] = words
  if (name === undefined) return { problem: `empty template ${whole}: use one of ${TEMPLATE_NAMES.map((n) => `{{${n}}}`).join(', ')}` }
  if (!isTemplateName(name)) return { problem: `unknown template ${whole}: use one of ${TEMPLATE_NAMES.map((n) => `{{${n}}}`).join(', ')}` }
  if (name === 'random') return readRandom(whole, args)
  if (args.length > 0) return { problem: `{{${name}}} takes no arguments (in ${whole})` }
  switch (name) {
    case 'timestamp':
      return { expand: (c) => String(c.now) }
    case 'iso':
      return { expand: (c) => new Date(c.now).toISOString() }
    case 'counter':
      return { expand: (c) => String(c.counter) }
    case 'uuid':
      return { expand: (c) => c.uuid() }
  }
}

function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name)
}

function readRandom(whole: string, args: readonly string[]): Placeholder {
  const usage = `{{random}} needs two numbers, the lowest and the highest value: {{random 0 100}} (in ${whole})`
  const [low, high] = args
  if (args.length !== 2 || low === undefined || high === undefined || !NUMBER.test(low) || !NUMBER.test(high)) return { problem: usage }
  const decimals = Math.max(decimalsOf(low), decimalsOf(high))
  if (decimals > MAX_DECIMALS) return { problem: `{{random}} takes at most ${MAX_DECIMALS} decimals (in ${whole})` }
  const scale = 10 ** decimals
  const from = Math.round(Number(low) * scale)
  const to = Math.round(Number(high) * scale)
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || !Number.isSafeInteger(to - from + 1)) {
    return { problem: `{{random}} bounds are too large (in ${whole})` }
  }
  if (from > to) return { problem: `{{random A B}} needs A ≤ B: ${low} is above ${high} (in ${whole})` }
  return {
    expand: (c) => {
      // Math.min: a random() of exactly 1 (out of contract) still lands on the highest value.
      const step = Math.min(to - from, Math.floor(c.random() * (to - from + 1)))
      return formatScaled(from + step, decimals)
    },
  }
}

function decimalsOf(number: string): number {
  const dot = number.indexOf('.')
  return dot < 0 ? 0 : number.length - dot - 1
}

/** An integer n as n / 10^decimals with exactly `decimals` digits after the point (no float rounding, no "-0"). */
function formatScaled(n: number, decimals: number): string {
  if (decimals === 0) return String(n === 0 ? 0 : n)
  const digits = String(Math.abs(n)).padStart(decimals + 1, '0')
  return `${n < 0 ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
}

/**
 * A random v4 UUID. crypto.randomUUID exists only in secure contexts (https, localhost); a page
 * served over plain http on a LAN address still has crypto.getRandomValues, so build it from that.
 */
function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return uuidFromRandomBytes(crypto.getRandomValues(new Uint8Array(16)))
}

/** A v4 UUID (RFC 9562) from 16 random bytes: the version and variant bits set, the rest kept. */
export function uuidFromRandomBytes(random: Uint8Array): string {
  const bytes = Uint8Array.from(random.subarray(0, 16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40 // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // variant 10xx
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
