import { describe, expect, it } from 'vitest'
import { clientIdRule } from './client-id-rule.ts'

const rule = clientIdRule(['alice', 'bob', 'alice-bob', 'Émile', 'x'.repeat(256)])

describe('clientIdRule: which user owns a client id', () => {
  it.each([
    ['alice', 'alice'],
    ['alice-kitchen', 'alice'],
    ['alice-', 'alice'],
    ['alice--', 'alice'],
    ['alice-kitchen-2', 'alice'],
    // The longest user name that fits owns the id: alice cannot claim alice-bob's.
    ['alice-bob', 'alice-bob'],
    ['alice-bob-1', 'alice-bob'],
    ['alice-bobby', 'alice'],
    ['bob-sensor', 'bob'],
    ['Émile-1', 'Émile'],
    [`${'x'.repeat(256)}-1`, 'x'.repeat(256)],
    ['alice/x', undefined],
    ['alice_x', undefined],
    ['alicex', undefined],
    ['Alice', undefined],
    ['Alice-1', undefined],
    ['-alice', undefined],
    ['mqttjs_3f2a', undefined],
    ['', undefined],
    [`${'x'.repeat(257)}-1`, undefined],
  ])('%j belongs to %j', (clientId, owner) => {
    expect(rule.ownerOf(clientId)).toBe(owner)
  })

  it('stays fast for a 64 KiB client id full of separators', () => {
    const startedAt = performance.now()
    expect(rule.ownerOf('-'.repeat(65_535))).toBeUndefined()
    expect(rule.ownerOf(`alice${'-'.repeat(65_530)}`)).toBe('alice')
    expect(performance.now() - startedAt).toBeLessThan(500)
  })
})

describe('clientIdRule: who may use a client id', () => {
  it.each([
    // [user (undefined: anonymous), client id, allowed]
    ['alice', 'alice', true],
    ['alice', 'alice-phone', true],
    ['alice', 'bob', false],
    ['alice', 'bob-sensor', false],
    ['alice', 'alice-bob-1', false],
    ['alice-bob', 'alice-bob-1', true],
    ['alice', 'sensor-1', false],
    ['alice', 'aedes_5d8a0c7e-0d2f-4b1e-9a51-1f0b3c3a2e77', false],
    [undefined, 'sensor-1', true],
    [undefined, 'mqttjs_3f2a', true],
    [undefined, 'alice', false],
    [undefined, 'bob-sensor', false],
  ] as const)('%j with %j: %s', (user, clientId, allowed) => {
    const refusal = rule.refusal(clientId, user)
    if (allowed) expect(refusal).toBeUndefined()
    else expect(refusal).toMatch(/^identifier rejected: /)
  })

  it("tells a user which ids are its own, without naming the id's owner", () => {
    expect(rule.refusal('bob-sensor', 'alice')).toBe(
      'identifier rejected: user "alice" may only use the client id "alice" or one starting with "alice-" (--clientid-prefixes-from-username)',
    )
    expect(rule.refusal('bob-sensor', undefined)).toBe(
      'identifier rejected: client id "bob-sensor" belongs to a user (--clientid-prefixes-from-username); connect as that user',
    )
  })
})
