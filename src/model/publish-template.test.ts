import { describe, expect, it } from 'vitest'
import { type TemplateContext, expandTemplate, findTemplateProblem, hasTemplates, liveContext, sampleContext, uuidFromRandomBytes } from './publish-template.ts'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function fixed(fields: Partial<TemplateContext> = {}): TemplateContext {
  return {
    now: Date.UTC(2025, 4, 6, 7, 8, 9, 123),
    counter: 42,
    random: () => 0,
    uuid: () => '11111111-2222-4333-8444-555555555555',
    ...fields,
  }
}

describe('expandTemplate', () => {
  it('replaces each placeholder with the context value', () => {
    const c = fixed()
    expect(expandTemplate('{{timestamp}}', c)).toBe(String(Date.UTC(2025, 4, 6, 7, 8, 9, 123)))
    expect(expandTemplate('{{iso}}', c)).toBe('2025-05-06T07:08:09.123Z')
    expect(expandTemplate('n={{counter}}', c)).toBe('n=42')
    expect(expandTemplate('id/{{uuid}}', c)).toBe('id/11111111-2222-4333-8444-555555555555')
  })

  it('leaves text without placeholders as it is', () => {
    expect(expandTemplate('plain {text} }} {{', fixed())).toBe('plain {text} }} {{')
  })

  it('tolerates whitespace inside the braces and between arguments', () => {
    const c = fixed({ random: () => 0.999 })
    expect(expandTemplate('{{ counter }}', c)).toBe('42')
    expect(expandTemplate('{{ random 0 100 }}', c)).toBe('100')
    expect(expandTemplate('{{random\t1   3}}', c)).toBe('3')
  })

  it('expands several placeholders with one context, so timestamp and iso agree', () => {
    let uuids = 0
    const c = fixed({ uuid: () => `u${++uuids}` })
    expect(expandTemplate('{"t":{{timestamp}},"at":"{{iso}}","n":{{counter}},"a":"{{uuid}}","b":"{{uuid}}"}', c)).toBe(
      `{"t":${c.now},"at":"2025-05-06T07:08:09.123Z","n":42,"a":"u1","b":"u2"}`,
    )
  })

  it('keeps braces around a placeholder, as JSON needs', () => {
    expect(expandTemplate('{"a":{"n":{{counter}}}}', fixed())).toBe('{"a":{"n":42}}')
    expect(expandTemplate('{{{counter}}}', fixed())).toBe('{42}')
  })

  it('random with integer bounds gives integers in [A, B], both ends reachable', () => {
    const at = (r: number) => expandTemplate('{{random 0 100}}', fixed({ random: () => r }))
    expect(at(0)).toBe('0')
    expect(at(0.5)).toBe('50')
    expect(at(0.999999)).toBe('100')
    // Out of contract but harmless: random() returning 1 still stays in range.
    expect(at(1)).toBe('100')
    expect(expandTemplate('{{random -5 -3}}', fixed({ random: () => 0 }))).toBe('-5')
    expect(expandTemplate('{{random -5 -3}}', fixed({ random: () => 0.9 }))).toBe('-3')
    expect(expandTemplate('{{random 7 7}}', fixed({ random: () => 0.3 }))).toBe('7')
  })

  it('random over many draws covers the whole integer range and nothing outside it', () => {
    const seen = new Set<string>()
    let seed = 1
    const lcg = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646
    for (let i = 0; i < 2000; i++) seen.add(expandTemplate('{{random 1 6}}', fixed({ random: lcg })))
    expect([...seen].sort()).toEqual(['1', '2', '3', '4', '5', '6'])
  })

  it('random with decimal bounds keeps the largest number of decimals of the bounds', () => {
    const at = (text: string, r: number) => expandTemplate(text, fixed({ random: () => r }))
    expect(at('{{random 20 25.5}}', 0)).toBe('20.0')
    expect(at('{{random 20 25.5}}', 0.999)).toBe('25.5')
    expect(at('{{random 0.25 1}}', 0.5)).toBe('0.63')
    expect(at('{{random -1.5 1.5}}', 0.5)).toBe('0.0')
    expect(at('{{random -1.5 1.5}}', 0)).toBe('-1.5')
    expect(at('{{random -0.01 0}}', 0)).toBe('-0.01')
    // No binary float noise such as 0.30000000000000004.
    expect(at('{{random 0.1 0.3}}', 0.99)).toBe('0.3')
  })

  it('a counter of 0 and large counters are plain digits', () => {
    expect(expandTemplate('{{counter}}', fixed({ counter: 0 }))).toBe('0')
    expect(expandTemplate('{{counter}}', fixed({ counter: 1_000_000 }))).toBe('1000000')
  })
})

describe('hasTemplates', () => {
  it('is true only for complete placeholders', () => {
    expect(hasTemplates('a/{{counter}}')).toBe(true)
    expect(hasTemplates('{{ bogus }}')).toBe(true)
    expect(hasTemplates('a/b')).toBe(false)
    expect(hasTemplates('{{counter')).toBe(false)
    expect(hasTemplates('{"a":{"b":1}}')).toBe(false)
  })
})

describe('findTemplateProblem', () => {
  it('accepts every known placeholder and plain text', () => {
    expect(findTemplateProblem('{{timestamp}} {{iso}} {{counter}} {{random 0 100}} {{uuid}} {{ random -1.5 2 }}')).toBeUndefined()
    expect(findTemplateProblem('no templates {here} {{')).toBeUndefined()
  })

  it('names an unknown placeholder', () => {
    expect(findTemplateProblem('a/{{foo}}')).toMatch(/^unknown template \{\{foo\}\}/)
    expect(findTemplateProblem('{{Counter}}')).toMatch(/unknown template \{\{Counter\}\}/)
    expect(findTemplateProblem('{{}}')).toMatch(/^empty template \{\{\}\}/)
    expect(findTemplateProblem('{{   }}')).toMatch(/^empty template/)
  })

  it('reports the first problem in the text', () => {
    expect(findTemplateProblem('{{counter}} {{nope}} {{also}}')).toMatch(/\{\{nope\}\}/)
  })

  it('refuses arguments to placeholders that take none', () => {
    expect(findTemplateProblem('{{counter 5}}')).toBe('{{counter}} takes no arguments (in {{counter 5}})')
    expect(findTemplateProblem('{{uuid v4}}')).toMatch(/\{\{uuid\}\} takes no arguments/)
  })

  it('needs exactly two numbers for random', () => {
    for (const bad of ['{{random}}', '{{random 5}}', '{{random 1 2 3}}', '{{random a b}}', '{{random 1 x}}', '{{random 1e3 2}}', '{{random 0x10 20}}']) {
      expect(findTemplateProblem(bad), bad).toMatch(/^\{\{random\}\} needs two numbers/)
    }
  })

  it('needs A ≤ B for random', () => {
    expect(findTemplateProblem('{{random 10 1}}')).toBe('{{random A B}} needs A ≤ B: 10 is above 1 (in {{random 10 1}})')
    expect(findTemplateProblem('{{random 1.01 1}}')).toMatch(/needs A ≤ B/)
    expect(findTemplateProblem('{{random 1 1}}')).toBeUndefined()
  })

  it('refuses bounds it could not expand exactly', () => {
    expect(findTemplateProblem('{{random 0 0.0000000001}}')).toMatch(/at most 9 decimals/)
    expect(findTemplateProblem('{{random 0 99999999999999999999}}')).toMatch(/too large/)
  })

  it('expandTemplate throws on what findTemplateProblem reports (the caller checks first)', () => {
    expect(() => expandTemplate('{{nope}}', fixed())).toThrow(/unknown template/)
  })
})

describe('contexts', () => {
  it('sampleContext is fixed, so validation is repeatable', () => {
    const a = sampleContext()
    const b = sampleContext()
    expect(expandTemplate('{{timestamp}} {{iso}} {{counter}} {{random 0 10}} {{uuid}}', a)).toBe(
      expandTemplate('{{timestamp}} {{iso}} {{counter}} {{random 0 10}} {{uuid}}', b),
    )
    expect(a.uuid()).toMatch(UUID_V4)
    expect(JSON.parse(expandTemplate('{"v":{{random -1.5 1.5}},"n":{{counter}},"t":{{timestamp}}}', a))).toEqual({
      v: 0,
      n: 1,
      t: a.now,
    })
  })

  it('liveContext uses the clock, the given counter and fresh v4 UUIDs', () => {
    const before = Date.now()
    const c = liveContext(7)
    expect(c.counter).toBe(7)
    expect(c.now).toBeGreaterThanOrEqual(before)
    expect(c.now).toBeLessThanOrEqual(Date.now())
    const a = c.uuid()
    const b = c.uuid()
    expect(a).toMatch(UUID_V4)
    expect(b).toMatch(UUID_V4)
    expect(a).not.toBe(b)
    const r = c.random()
    expect(r).toBeGreaterThanOrEqual(0)
    expect(r).toBeLessThan(1)
  })

  it('uuidFromRandomBytes (the fallback outside secure contexts) sets the v4 version and variant bits', () => {
    expect(uuidFromRandomBytes(new Uint8Array(16).fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    expect(uuidFromRandomBytes(new Uint8Array(16))).toBe('00000000-0000-4000-8000-000000000000')
  })
})
