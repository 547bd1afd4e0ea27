import { describe, expect, it } from 'vitest'
import { convertPayload, encodePayload, formatJson, payloadAsMode } from './publish-payload.ts'

function bytesOf(result: ReturnType<typeof encodePayload>): number[] {
  if ('error' in result) throw new Error(`expected bytes, got error: ${result.error}`)
  return [...result.bytes]
}

function errorOf(result: { error: string } | object): string {
  if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`)
  return result.error
}

describe('encodePayload: text', () => {
  it('is UTF-8, multi-byte characters included', () => {
    expect(bytesOf(encodePayload('text', 'Hi'))).toEqual([0x48, 0x69])
    expect(bytesOf(encodePayload('text', 'é€😀'))).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])
    expect(bytesOf(encodePayload('text', ''))).toEqual([])
  })

  it('refuses an unpaired surrogate instead of sending U+FFFD', () => {
    expect(errorOf(encodePayload('text', 'ab\ud800c'))).toBe('broken character at position 3 (an unpaired UTF-16 surrogate): it has no UTF-8 form')
    expect(errorOf(encodePayload('text', '\udc00'))).toMatch(/position 1/)
  })
})

describe('encodePayload: json', () => {
  it('sends valid JSON exactly as typed', () => {
    const text = '{ "a": [1, 2.5e3, true, null],\n  "id": 12345678901234567890 }'
    expect(new TextDecoder().decode(new Uint8Array(bytesOf(encodePayload('json', text))))).toBe(text)
  })

  it('names line and column of the first syntax error', () => {
    expect(errorOf(encodePayload('json', '{\n  "a": 1,\n  "b" 2\n}'))).toMatch(/^not valid JSON at line 3, column 7: expected ':'/)
    expect(errorOf(encodePayload('json', '{"a": 1,}'))).toMatch(/line 1, column 9/)
    expect(errorOf(encodePayload('json', ''))).toMatch(/line 1, column 1: empty/)
    expect(errorOf(encodePayload('json', "['a']"))).toMatch(/line 1, column 2: unexpected single quote/)
  })

  it('accepts any JSON value, not only objects', () => {
    expect(bytesOf(encodePayload('json', '42'))).toEqual([0x34, 0x32])
    expect(bytesOf(encodePayload('json', ' "x" '))).toEqual([0x20, 0x22, 0x78, 0x22, 0x20])
  })
})

describe('encodePayload: hex', () => {
  it('reads plain, spaced, colon, comma and 0x-prefixed forms', () => {
    expect(bytesOf(encodePayload('hex', 'deadBEEF'))).toEqual([0xde, 0xad, 0xbe, 0xef])
    expect(bytesOf(encodePayload('hex', 'de ad\nbe\tef'))).toEqual([0xde, 0xad, 0xbe, 0xef])
    expect(bytesOf(encodePayload('hex', 'de:ad:be:ef'))).toEqual([0xde, 0xad, 0xbe, 0xef])
    expect(bytesOf(encodePayload('hex', '0xde, 0xad, 0XBE, 0xef'))).toEqual([0xde, 0xad, 0xbe, 0xef])
    expect(bytesOf(encodePayload('hex', '0xdeadbeef'))).toEqual([0xde, 0xad, 0xbe, 0xef])
    expect(bytesOf(encodePayload('hex', '00 ff 80 7f'))).toEqual([0x00, 0xff, 0x80, 0x7f])
  })

  it('an empty text (or only separators) is an empty payload', () => {
    expect(bytesOf(encodePayload('hex', ''))).toEqual([])
    expect(bytesOf(encodePayload('hex', '  \n '))).toEqual([])
  })

  it('names the position and character of a non-hex character', () => {
    expect(errorOf(encodePayload('hex', '01 0g'))).toBe('"g" at position 5 is not a hex digit (0-9, a-f)')
    expect(errorOf(encodePayload('hex', '01\n02 zz'))).toBe('"z" at line 2, column 4 is not a hex digit (0-9, a-f)')
    expect(errorOf(encodePayload('hex', '01\u00a002'))).toBe('U+00A0 at position 3 is not a hex digit (0-9, a-f)')
    expect(errorOf(encodePayload('hex', '0\u0430'))).toBe('"\u0430" (U+0430) at position 2 is not a hex digit (0-9, a-f)')
    expect(errorOf(encodePayload('hex', '00x1'))).toMatch(/^"x" at position 3/)
  })

  it('refuses an odd number of digits, naming the digit without a pair', () => {
    expect(errorOf(encodePayload('hex', 'abc'))).toBe('odd number of hex digits: "c" at position 3 has no pair (each byte is two digits)')
    // Not silently paired across a separator: "012 345" is not 01 23 45.
    expect(errorOf(encodePayload('hex', '012 345'))).toMatch(/"2" at position 3 has no pair/)
    expect(errorOf(encodePayload('hex', '0x1'))).toMatch(/"1" at position 3 has no pair/)
  })

  it('returns a buffer of exactly the payload (nothing extra crosses postMessage)', () => {
    const result = encodePayload('hex', '01 02 03 04')
    if ('error' in result) throw new Error(result.error)
    expect(result.bytes.buffer.byteLength).toBe(4)
  })
})

describe('encodePayload: base64', () => {
  it('reads standard and URL-safe Base64, padded or not', () => {
    expect(bytesOf(encodePayload('base64', 'SGk='))).toEqual([0x48, 0x69])
    expect(bytesOf(encodePayload('base64', 'SGk'))).toEqual([0x48, 0x69])
    expect(bytesOf(encodePayload('base64', '+/8='))).toEqual([0xfb, 0xff])
    expect(bytesOf(encodePayload('base64', '-_8'))).toEqual([0xfb, 0xff])
    expect(bytesOf(encodePayload('base64', 'AAECAwQF'))).toEqual([0, 1, 2, 3, 4, 5])
    expect(bytesOf(encodePayload('base64', 'AA=='))).toEqual([0])
    expect(bytesOf(encodePayload('base64', ''))).toEqual([])
  })

  it('accepts wrapped lines', () => {
    expect(bytesOf(encodePayload('base64', 'AAEC\nAwQF\n'))).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('names an invalid character', () => {
    expect(errorOf(encodePayload('base64', 'SG!k'))).toMatch(/^"!" at position 3 is not Base64/)
    expect(errorOf(encodePayload('base64', 'SGk\nSGé='))).toMatch(/^"é" \(U\+00E9\) at line 2, column 3 is not Base64/)
  })

  it('refuses text after the padding, a dangling character and wrong padding', () => {
    expect(errorOf(encodePayload('base64', 'SG=k'))).toMatch(/"k" at position 4 comes after the "=" padding/)
    expect(errorOf(encodePayload('base64', 'SGkhA'))).toMatch(/^incomplete Base64: 5 characters/)
    expect(errorOf(encodePayload('base64', 'SGk=='))).toMatch(/^wrong Base64 padding at position 4: 2 "=" after 3 characters \(expected 1\)/)
    expect(errorOf(encodePayload('base64', 'AA==='))).toMatch(/wrong Base64 padding/)
  })

  it('round-trips every byte value with toBase64 (via payloadAsMode)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(bytesOf(encodePayload('base64', payloadAsMode(all, 'base64')!))).toEqual([...all])
    expect(bytesOf(encodePayload('hex', payloadAsMode(all, 'hex')!))).toEqual([...all])
  })
})

describe('formatJson', () => {
  it('indents with two spaces', () => {
    expect(formatJson('{"a":[1,2,{"b":null}],"c":{}, "d": [ ]}')).toEqual({
      text: '{\n  "a": [\n    1,\n    2,\n    {\n      "b": null\n    }\n  ],\n  "c": {},\n  "d": []\n}',
    })
    expect(formatJson(' 42 ')).toEqual({ text: '42' })
  })

  it('keeps big integers, escapes, key order and duplicate keys exactly as typed', () => {
    const text = '{"b":1,"1":2,"id":12345678901234567890,"s":"x\\"y\\u00e9 {,:}","b":3}'
    expect(formatJson(text)).toEqual({
      text: '{\n  "b": 1,\n  "1": 2,\n  "id": 12345678901234567890,\n  "s": "x\\"y\\u00e9 {,:}",\n  "b": 3\n}',
    })
  })

  it('is stable: formatting formatted JSON changes nothing', () => {
    const once = formatJson('[{"a":1},{"b":[true,false]}]')
    if ('error' in once) throw new Error(once.error)
    expect(formatJson(once.text)).toEqual(once)
  })

  it('says where invalid JSON breaks', () => {
    expect(errorOf(formatJson('{"a":1\n"b":2}'))).toMatch(/^not valid JSON at line 2, column 1: expected ',' or '}'/)
  })

  it('does not format absurd nesting (its indentation would grow with the square of the depth)', () => {
    expect(errorOf(formatJson('['.repeat(5000) + ']'.repeat(5000)))).toMatch(/nested deeper than 1000 levels/)
  })
})

describe('payloadAsMode and convertPayload', () => {
  it('renders bytes per mode', () => {
    const hi = new Uint8Array([0x48, 0x69])
    expect(payloadAsMode(hi, 'text')).toBe('Hi')
    expect(payloadAsMode(hi, 'json')).toBe('Hi')
    expect(payloadAsMode(hi, 'hex')).toBe('48 69')
    expect(payloadAsMode(hi, 'base64')).toBe('SGk=')
    expect(payloadAsMode(new Uint8Array(), 'hex')).toBe('')
  })

  it('binary bytes have no text form', () => {
    expect(payloadAsMode(new Uint8Array([0xff, 0xfe]), 'text')).toBeUndefined()
    expect(payloadAsMode(new Uint8Array([0xc3]), 'json')).toBeUndefined()
  })

  it('converts typed text between modes, keeping the bytes', () => {
    expect(convertPayload('Hi', 'text', 'hex')).toEqual({ text: '48 69' })
    expect(convertPayload('48 69', 'hex', 'base64')).toEqual({ text: 'SGk=' })
    expect(convertPayload('SGk=', 'base64', 'text')).toEqual({ text: 'Hi' })
    expect(convertPayload('{"a":1}', 'json', 'hex')).toEqual({ text: '7b 22 61 22 3a 31 7d' })
    // Text that is not JSON yet stays as typed when switching to JSON (the editor shows the JSON error).
    expect(convertPayload('not json', 'text', 'json')).toEqual({ text: 'not json' })
  })

  it('says why a conversion cannot keep the bytes', () => {
    expect(errorOf(convertPayload('ff fe', 'hex', 'text'))).toMatch(/not valid UTF-8 .*cannot be edited as text/)
    expect(errorOf(convertPayload('zz', 'hex', 'base64'))).toMatch(/not a hex digit/)
  })
})
