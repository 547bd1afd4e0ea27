import { describe, expect, it } from 'vitest'
import { checkMqttString, utf8Length } from './mqtt-string.ts'

describe('checkMqttString', () => {
  it('accepts ordinary text, empty included', () => {
    expect(checkMqttString('', 'X')).toBeUndefined()
    expect(checkMqttString('application/json; charset=utf-8 😀', 'X')).toBeUndefined()
    expect(checkMqttString('x'.repeat(65_535), 'X')).toBeUndefined()
  })

  it('[MQTT-1.5.4-2] refuses U+0000', () => {
    expect(checkMqttString('a\u0000', 'Content type')).toBe('Content type contains a NUL character (U+0000), which MQTT forbids')
  })

  it('[MQTT-1.5.4-1] refuses an unpaired surrogate, naming its position', () => {
    expect(checkMqttString('ab\ud83d', 'X')).toMatch(/^X contains a broken character at position 3/)
    expect(checkMqttString('\ude00', 'X')).toMatch(/position 1/)
  })

  it('refuses more than 65,535 UTF-8 bytes', () => {
    expect(checkMqttString('é'.repeat(32_768), 'X')).toBe('X is 65,536 bytes long in UTF-8; MQTT allows at most 65,535')
  })
})

describe('utf8Length', () => {
  it('matches TextEncoder', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800x']) expect(utf8Length(s), s).toBe(new TextEncoder().encode(s).length)
  })
})
