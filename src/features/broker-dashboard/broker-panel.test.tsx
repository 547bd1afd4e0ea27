// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { readBrokerStats } from '@/model/broker-stats.ts'
import { TopicTree } from '@/model/topic-tree.ts'
import { useAppStore } from '@/store/app-store.ts'
import { freshStorePerTest } from '@/store/test-support/fresh-store.ts'
import { BrokerPanel } from './broker-panel.tsx'
import { BrokerToggle } from './broker-toggle.tsx'

freshStorePerTest({ beforeReset: cleanup })
const store = () => useAppStore.getState()
const encoder = new TextEncoder()

/** The statistics as the worker would send them for these $SYS/broker values (two rounds, 10 s apart). */
function statsOf(rounds: ReadonlyArray<Record<string, string>>, now: number) {
  const tree = new TopicTree()
  rounds.forEach((round, i) => {
    for (const [topic, value] of Object.entries(round))
      tree.ingest(`$SYS/broker/${topic}`, encoder.encode(value), { qos: 0, retain: false }, now - (rounds.length - 1 - i) * 10_000)
  })
  return readBrokerStats(tree, now)
}

describe('broker dashboard panel', () => {
  it('the status bar toggle "Broker" opens and closes it', () => {
    render(
      <>
        <BrokerToggle />
        <BrokerPanel />
      </>,
    )
    const toggle = screen.getByRole('button', { name: 'Broker' })
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    expect(screen.queryByRole('region', { name: 'Broker dashboard' })).toBeNull()
    fireEvent.click(toggle)
    expect(store().brokerOpen).toBe(true)
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    const region = screen.getByRole('region', { name: 'Broker dashboard' })
    fireEvent.click(within(region).getByRole('button', { name: 'Close broker dashboard' }))
    expect(store().brokerOpen).toBe(false)
    expect(screen.queryByRole('region', { name: 'Broker dashboard' })).toBeNull()
  })

  it('without statistics it offers "Subscribe to $SYS/#", through the subscriptions panel\'s action', () => {
    act(() => store().setBrokerOpen(true))
    render(<BrokerPanel />)
    const region = within(screen.getByRole('region', { name: 'Broker dashboard' }))
    expect(region.getByText('No broker statistics yet: subscribe to $SYS/# (the broker publishes them every 10 s)')).toBeTruthy()
    fireEvent.click(region.getByRole('button', { name: 'Subscribe to $SYS/#' }))
    expect(store().subscriptions.map((s) => s.filter)).toEqual(['#', '$SYS/#'])
    // Subscribed: no second button, it waits.
    expect(region.queryByRole('button', { name: 'Subscribe to $SYS/#' })).toBeNull()
    expect(region.getByText(/waiting for the broker/)).toBeTruthy()
  })

  it('shows each statistic as a card named by its label, with rates, units and the age', () => {
    const now = Date.now()
    const stats = statsOf(
      [
        { uptime: '7370 seconds', 'messages/received': '1000', 'bytes/sent': '1048576' },
        {
          version: 'mqtt-scope 0.1.0 (aedes 1.2.0)',
          uptime: '7380 seconds',
          'clients/connected': '3',
          'clients/maximum': '5',
          'messages/received': '1250',
          'messages/sent': '40',
          'publish/messages/dropped': '0',
          'bytes/received': '2048',
          'bytes/sent': '3145728',
          'retained messages/count': '12',
          'heap/current': '10485760',
          'heap/maximum': '20971520',
          'load/messages/received/1min': '3.5',
        },
      ],
      now - 3_000,
    )
    act(() => {
      store().setBrokerOpen(true)
      store().applyEvent({ type: 'broker-stats', stats })
    })
    render(<BrokerPanel />)
    const region = within(screen.getByRole('region', { name: 'Broker dashboard' }))
    /** A card's main value: the first definition in the group its label names. */
    const value = (name: string) => within(region.getByRole('group', { name })).getAllByRole('definition')[0]!.textContent
    expect(value('Version')).toBe('mqtt-scope 0.1.0 (aedes 1.2.0)')
    expect(value('Uptime')).toBe('2 h 03 min')
    expect(value('Clients connected')).toBe('3')
    expect(within(region.getByRole('group', { name: 'Clients connected' })).getAllByRole('definition')[1]!.textContent).toBe('maximum 5')
    expect(value('Messages received')).toBe('1,250')
    expect(region.getByText('25.0/s')).toBeTruthy()
    expect(value('Messages sent')).toBe('40')
    expect(value('Publish messages dropped')).toBe('0')
    expect(value('Bytes received')).toBe('2 KiB')
    expect(value('Bytes sent')).toBe('3 MiB')
    expect(region.getByText('205 KiB/s')).toBeTruthy()
    expect(value('Retained messages')).toBe('12')
    expect(value('Heap')).toBe('10 MiB')
    expect(region.getByText('updated 3 s ago')).toBeTruthy()
    const others = region.getByRole('table', { name: 'Other broker statistics' })
    expect(within(others).getByRole('rowheader', { name: 'load/messages/received/1min' })).toBeTruthy()
    expect(within(others).getByRole('cell').textContent).toBe('3.5')

    // Cleared (another broker, or "Clear"): back to the way to get them.
    act(() => store().applyEvent({ type: 'broker-stats', stats: undefined }))
    expect(region.getByText(/No broker statistics yet/)).toBeTruthy()
  })

  it('renders hostile values and names as escaped text, never as markup', () => {
    const stats = statsOf([{ version: '<img src=x onerror=alert(1)>\u202e', 'x/<b>\u0007': 'y' }], Date.now())
    act(() => {
      store().setBrokerOpen(true)
      store().applyEvent({ type: 'broker-stats', stats })
    })
    const { container } = render(<BrokerPanel />)
    const region = within(screen.getByRole('region', { name: 'Broker dashboard' }))
    expect(within(region.getByRole('group', { name: 'Version' })).getAllByRole('definition')[0]!.textContent).toBe('<img src=x onerror=alert(1)>\\u{202e}')
    expect(region.getByRole('rowheader').textContent).toBe('x/<b>\\u{0007}')
    expect(container.querySelector('img, b')).toBeNull()
  })
})
