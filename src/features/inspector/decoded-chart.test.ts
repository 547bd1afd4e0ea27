import { describe, expect, it } from 'vitest'
import { chartDecoderOf, decodedChartTarget } from './decoded-chart.ts'

describe('decoded views: what their Chart buttons pin', () => {
  it('Sparkplug B: a metric value line pins the metric by name; other numbers are not offered', () => {
    expect(decodedChartTarget('sparkplug', { path: ['metrics', 'Flow', 'value'], label: 'Chart metrics.Flow.value' })).toEqual({
      path: ['Flow'],
      label: 'Chart Flow',
    })
    expect(decodedChartTarget('sparkplug', { path: ['metrics', 'Node Control/Rebirth', 'value'], label: 'x' })).toEqual({
      path: ['Node Control/Rebirth'],
      label: 'Chart Node Control/Rebirth',
    })
    expect(decodedChartTarget('sparkplug', { path: ['metrics', 'Flow', 'alias'], label: 'x' })).toBeUndefined()
    expect(decodedChartTarget('sparkplug', { path: ['seq'], label: 'x' })).toBeUndefined()
    expect(decodedChartTarget('sparkplug', { path: ['metrics', 'Arr', 'value'], elements: 3, label: 'x' })).toBeUndefined()
  })

  it('CBOR, MessagePack and Protobuf: every value by its path', () => {
    const target = { path: ['a', 0], label: 'Chart a[0]' }
    expect(decodedChartTarget('cbor', target)).toBe(target)
    expect(decodedChartTarget('msgpack', target)).toBe(target)
    expect(decodedChartTarget('protobuf', target)).toBe(target)
    expect(chartDecoderOf('protobuf')).toBe('protobuf')
    expect(chartDecoderOf('sparkplug')).toBe('sparkplug')
  })
})
