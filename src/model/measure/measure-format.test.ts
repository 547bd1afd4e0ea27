import { describe, expect, it } from 'vitest'
import { bytesText, countOf, latencyLine, msText, percentText, rateText } from './measure-format.ts'

describe('measure text', () => {
  it('writes loss rates as people read them', () => {
    expect([0, 0.1, 1, 0.125, 0.0025, 0.00012].map(percentText)).toEqual(['0 %', '10 %', '100 %', '12.5 %', '0.25 %', '0.012 %'])
  })

  it('writes times, rates and sizes', () => {
    expect([0.4123, 12.34, 123.4, 1204.2, -2.5].map(msText)).toEqual(['0.412 ms', '12.3 ms', '123 ms', '1,204 ms', '-2.500 ms'])
    expect([29994.2, 499.94, 0.5, 1000].map(rateText)).toEqual(['29,994', '499.9', '0.5', '1,000'])
    expect([512, 2048, 3 * 1024 * 1024].map(bytesText)).toEqual(['512 B', '2 KiB', '3 MiB'])
    expect(latencyLine({ min: 1, mean: 2, p50: 2, p90: 3, p99: 4, max: 5 })).toBe(
      'min 1.000 ms, mean 2.000 ms, p50 2.000 ms, p90 3.000 ms, p99 4.000 ms, max 5.000 ms',
    )
  })
})

describe('countOf', () => {
  it('counts in the singular or the plural', () => {
    expect([countOf(1, 'message'), countOf(0, 'topic'), countOf(2000, 'retained message')]).toEqual(['1 message', '0 topics', '2,000 retained messages'])
  })
})
