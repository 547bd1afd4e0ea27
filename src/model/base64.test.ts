import { describe, expect, it } from 'vitest'
import { base64Window, toBase64 } from './base64.ts'

function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length)
  let s = seed
  for (let i = 0; i < length; i++) out[i] = (s = (s * 1103515245 + 12345) & 0x7fffffff) >> 16
  return out
}

const nodeBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')

describe('toBase64', () => {
  it('matches Node for sizes around every padding case', () => {
    for (let length = 0; length <= 64; length++) {
      const bytes = randomBytes(length, length + 1)
      expect(toBase64(bytes)).toBe(nodeBase64(bytes))
    }
  })

  it('matches Node for random sizes, including several chunks', () => {
    let seed = 7
    for (let n = 0; n < 20; n++) {
      const length = (seed = (seed * 48271) % 2147483647) % 700_000
      const bytes = randomBytes(length, n)
      expect(toBase64(bytes), `length ${length}`).toBe(nodeBase64(bytes))
    }
  })

  it('encodes a subarray (not its whole buffer)', () => {
    const bytes = randomBytes(100, 3).subarray(10, 20)
    expect(toBase64(bytes)).toBe(nodeBase64(bytes))
  })

  it('encodes 16 MB without overflowing the call stack', () => {
    const bytes = randomBytes(16 * 1024 * 1024, 9)
    expect(toBase64(bytes)).toBe(nodeBase64(bytes))
  })
})

describe('base64Window', () => {
  it('is a slice of the whole payload Base64, aligned to 3-byte groups', () => {
    const bytes = randomBytes(1000, 5)
    const whole = nodeBase64(bytes)
    for (const [offset, length] of [
      [0, 10],
      [1, 1],
      [7, 100],
      [995, 50],
      [999, 1],
      [1000, 10],
    ] as const) {
      const w = base64Window(bytes, offset, length)
      expect(w.byteOffset).toBeLessThanOrEqual(offset)
      expect(w.byteOffset % 3).toBe(0)
      expect(w.byteOffset + w.byteLength).toBeGreaterThanOrEqual(Math.min(bytes.length, offset + length))
      expect(w.text).toBe(whole.slice(w.charOffset, w.charOffset + w.text.length))
    }
  })

  it('costs only the window on a 256 MB payload', () => {
    const huge = new Uint8Array(256 * 1024 * 1024)
    const started = performance.now()
    const w = base64Window(huge, 210_000_000, 3000)
    expect(performance.now() - started).toBeLessThan(500)
    expect(w).toMatchObject({ byteLength: 3000, text: 'A'.repeat(4000) })
  })
})
