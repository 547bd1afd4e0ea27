import { describe, expect, it } from 'vitest'
import type { BrokerStat } from '@/model/broker-stats.ts'
import { brokerCards } from './broker-cards.ts'
import { formatUpdated, formatUptime } from './broker-format.ts'

function stat(text: string, extra: Partial<BrokerStat> = {}): BrokerStat {
  const value = Number(text.split(' ')[0])
  return { text, cut: false, value: Number.isFinite(value) ? value : undefined, receivedAt: 0, ...extra }
}

describe('broker dashboard wording', () => {
  it('formats uptime in its two largest units', () => {
    expect(formatUptime(0)).toBe('0 s')
    expect(formatUptime(45)).toBe('45 s')
    expect(formatUptime(185)).toBe('3 min 05 s')
    expect(formatUptime(2 * 3600 + 3 * 60 + 59)).toBe('2 h 03 min')
    expect(formatUptime(4 * 86_400 + 2 * 3600)).toBe('4 d 02 h')
  })

  it('says how long ago the statistics arrived', () => {
    expect(formatUpdated(1_000, 1_000)).toBe('updated just now')
    expect(formatUpdated(4_100, 1_000)).toBe('updated 3 s ago')
    expect(formatUpdated(200_000, 1_000)).toBe('updated 3 min ago')
    expect(formatUpdated(0, 1_000)).toBe('updated just now') // a clock that moved back
  })

  it('makes cards in a fixed order, with rates, maxima and human units, leaving out what is missing', () => {
    const cards = brokerCards({
      version: stat('mosquitto version 2.0.18'),
      uptime: stat('7380 seconds'),
      clientsConnected: stat('3'),
      clientsMaximum: stat('5'),
      messagesReceived: stat('12345', { perSecond: 2.5 }),
      messagesSent: stat('99'),
      bytesReceived: stat('1048576', { perSecond: 2048 }),
      heapCurrent: stat('3145728'),
    })
    expect(cards).toEqual([
      { label: 'Version', value: 'mosquitto version 2.0.18', details: [], wide: true },
      { label: 'Uptime', value: '2 h 03 min', details: [] },
      { label: 'Clients connected', value: '3', details: ['maximum 5'] },
      { label: 'Messages received', value: '12,345', details: ['2.5/s'] },
      { label: 'Messages sent', value: '99', details: ['–/s'] },
      { label: 'Bytes received', value: '1 MiB', details: ['2 KiB/s'] },
      { label: 'Heap', value: '3 MiB', details: [] },
    ])
  })

  it('shows a value that is not a number as its (escaped) text', () => {
    const cards = brokerCards({ uptime: stat('a while'), clientsConnected: stat('\\u{202e}lots') })
    expect(cards.map((c) => c.value)).toEqual(['a while', '\\u{202e}lots'])
  })
})
