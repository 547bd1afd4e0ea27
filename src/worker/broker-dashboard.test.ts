import { describe, expect, it } from 'vitest'
import { ROUND_SLACK_MS } from '../model/broker-stats.ts'
import { BrokerDashboard } from './broker-dashboard.ts'
import { Explorer } from './explorer.ts'
import type { IncomingMessage } from './mqtt-session.ts'

const text = new TextEncoder()

function message(topic: string, payload: string): IncomingMessage {
  return { topic, payload: text.encode(payload), qos: 0, retain: false, dup: false, properties: undefined }
}

describe('BrokerDashboard (the worker sends the $SYS/broker statistics when they change)', () => {
  it('sends nothing until statistics arrive, then once per change, and undefined after a clear', () => {
    const explorer = new Explorer()
    const dashboard = new BrokerDashboard(explorer.tree)
    expect(dashboard.poll(0)).toBeUndefined()
    explorer.ingest(message('sensors/t', '21.5'), 0)
    expect(dashboard.poll(0)).toBeUndefined()

    explorer.ingest(message('$SYS/broker/uptime', '60 seconds'), 1_000)
    explorer.ingest(message('$SYS/broker/clients/connected', '2'), 1_000)
    const first = dashboard.poll(1_000)
    expect(first?.stats?.stats.clientsConnected?.value).toBe(2)
    expect(dashboard.poll(1_050)).toBeUndefined()
    // Other traffic does not resend the dashboard.
    explorer.ingest(message('sensors/t', '21.6'), 1_060)
    expect(dashboard.poll(1_100)).toBeUndefined()
    // The round is over: once more (counters left out of it now have rate 0), then quiet.
    expect(dashboard.poll(1_000 + ROUND_SLACK_MS)).toBeDefined()
    expect(dashboard.poll(5_000)).toBeUndefined()

    explorer.ingest(message('$SYS/broker/clients/connected', '3'), 11_000)
    expect(dashboard.poll(11_000)?.stats?.stats.clientsConnected?.value).toBe(3)

    explorer.clear()
    expect(dashboard.poll(11_100)).toEqual({ stats: undefined })
    expect(dashboard.poll(11_200)).toBeUndefined()
  })

  it('keeps sending while the tree is paused (the dashboard is the broker now, not the frozen tree)', () => {
    const explorer = new Explorer()
    const dashboard = new BrokerDashboard(explorer.tree)
    explorer.pause(0)
    explorer.ingest(message('$SYS/broker/messages/received', '10'), 0)
    expect(dashboard.poll(0)?.stats?.stats.messagesReceived?.value).toBe(10)
  })
})
