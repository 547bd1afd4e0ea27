import { describe, expect, it } from 'vitest'
import { clipboardText, downloadFileName, hexString } from './payload-export.ts'

const utf8 = new TextEncoder()

describe('clipboardText', () => {
  it('copies valid UTF-8 exactly, control and bidi characters included', () => {
    const text = '{"a":1}\n\u202eabc\u0007 ü 🙂'
    expect(clipboardText(utf8.encode(text), 100)).toEqual({ text, as: 'text' })
  })

  it('copies anything else as hex digits', () => {
    expect(clipboardText(new Uint8Array([0x00, 0xff, 0x10, 0xc3]), 100)).toEqual({ text: '00ff10c3', as: 'hex' })
  })

  it('refuses payloads over the limit with a reason', () => {
    expect(clipboardText(new Uint8Array(101), 100)).toEqual({ error: 'too large to copy (101 bytes; the limit is 100 bytes): download it instead' })
  })

  it('hexString is fast enough for megabytes', () => {
    const bytes = new Uint8Array(4 * 1024 * 1024).map((_, i) => i)
    const started = performance.now()
    const hex = hexString(bytes)
    expect(hex.length).toBe(bytes.length * 2)
    expect(hex.slice(0, 8)).toBe('00010203')
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('downloadFileName', () => {
  it('names the file after the topic, with no separators or odd characters', () => {
    expect(downloadFileName('home/kitchen/temp', 'json')).toBe('home_kitchen_temp.json')
    expect(downloadFileName('../../etc/passwd', 'hex')).toBe('etc_passwd.bin')
    expect(downloadFileName('x/<script>\u202e\u0000', 'text')).toBe('x_script.txt')
    expect(downloadFileName('/', 'hex')).toBe('payload.bin')
    expect(downloadFileName('CON', 'text')).toBe('_CON.txt')
    expect(downloadFileName('a'.repeat(500), 'hex')).toHaveLength(124)
  })
})
