// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useAppStore } from '@/store/app-store.ts'
import { freshStorePerTest } from '@/store/test-support/fresh-store.ts'
import { PublishPanel } from './publish-panel.tsx'

const sent = freshStorePerTest({ beforeReset: cleanup })
const publishes = () => sent.filter((c) => c.type === 'publish')

function renderPanel(connected = true) {
  if (connected) useAppStore.getState().setConnection({ state: 'connected', protocolVersion: 4 })
  render(<PublishPanel />)
  const region = screen.getByRole('region', { name: 'Publish' })
  const panel = within(region)
  return {
    region,
    topic: panel.getByLabelText<HTMLInputElement>('Topic', { exact: true }),
    format: panel.getByLabelText<HTMLSelectElement>('Payload format', { exact: true }),
    payload: () => panel.getByLabelText<HTMLTextAreaElement>('Payload', { exact: true }),
    publish: panel.getByRole('button', { name: 'Publish' }),
    panel,
  }
}

/** The alert the Field component shows for a control (its aria-describedby). */
function problemOf(control: HTMLElement): string {
  expect(control.getAttribute('aria-invalid')).toBe('true')
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ')
  const alert = ids.map((id) => document.getElementById(id)).find((el) => el?.getAttribute('role') === 'alert')
  return alert?.textContent ?? ''
}

describe('publish panel', () => {
  it('a topic with a wildcard shows its alert under Topic and sends nothing; the payload stays', () => {
    const { topic, payload, publish } = renderPanel()
    fireEvent.change(topic, { target: { value: 'home/#' } })
    fireEvent.change(payload(), { target: { value: 'keep me' } })
    fireEvent.click(publish)
    expect(problemOf(topic)).toMatch(/#|wildcard/i)
    expect(publishes()).toEqual([])
    expect(payload().value).toBe('keep me')
    // Fixing it clears the alert.
    fireEvent.change(topic, { target: { value: 'home/lamp' } })
    expect(topic.getAttribute('aria-invalid')).toBeNull()
  })

  it('hex with an odd number of digits is a payload problem', () => {
    const { topic, format, payload, publish } = renderPanel()
    fireEvent.change(topic, { target: { value: 'a/b' } })
    fireEvent.change(format, { target: { value: 'hex' } })
    fireEvent.change(payload(), { target: { value: 'abc' } })
    fireEvent.click(publish)
    expect(problemOf(payload())).toMatch(/odd/i)
    expect(publishes()).toEqual([])
  })

  it('says "not connected" under the Publish button while disconnected', () => {
    const { topic, publish, panel } = renderPanel(false)
    fireEvent.change(topic, { target: { value: 'a/b' } })
    fireEvent.click(publish)
    expect(panel.getByRole('alert').textContent).toMatch(/connected/)
    expect(publishes()).toEqual([])
  })

  it('Ctrl+Enter (and Cmd+Enter) anywhere in the panel publishes', () => {
    const { topic, payload } = renderPanel()
    fireEvent.change(topic, { target: { value: 'a/b' } })
    fireEvent.change(payload(), { target: { value: 'by keyboard' } })
    const ctrl = fireEvent.keyDown(payload(), { key: 'Enter', ctrlKey: true })
    expect(ctrl).toBe(false) // default prevented: no newline in the payload
    fireEvent.keyDown(topic, { key: 'Enter', metaKey: true })
    fireEvent.keyDown(topic, { key: 'Enter' })
    expect(publishes()).toHaveLength(2)
    expect(publishes()[0]).toMatchObject({ message: { topic: 'a/b', payload: { kind: 'text', text: 'by keyboard' } } })
  })

  it('shows the outcome of the send when the worker reports it', () => {
    const { topic, publish } = renderPanel()
    fireEvent.change(topic, { target: { value: 'a/b' } })
    fireEvent.change(screen.getByLabelText('QoS', { exact: true }), { target: { value: '1' } })
    fireEvent.click(publish)
    const status = screen.getByRole('status', { name: 'Publish outcome' })
    expect(status.textContent).toMatch(/a\/b/)
    const command = publishes()[0]
    if (command?.type !== 'publish') throw new Error('nothing published')
    expect(command.message.qos).toBe(1)
    act(() =>
      useAppStore.getState().applyEvent({
        type: 'publish-outcome',
        outcome: { jobId: command.jobId, index: 1, topic: 'a/b', bytes: 0, qos: 1, retain: false, sentAt: 1, status: 'acknowledged', ack: 'PUBACK', rttMs: 3 },
      }),
    )
    expect(status.textContent).toBe('PUBACK in 3 ms')
    // The recent list has it, with its outcome.
    const recent = screen.getByRole('list', { name: 'Recent publishes' })
    expect(within(recent).getByRole('listitem').textContent).toMatch(/PUBACK in 3 ms/)
    fireEvent.click(within(recent).getByRole('button', { name: 'Re-send a/b' }))
    expect(publishes()).toHaveLength(2)
  })

  it('repeat: Publish starts the job, is disabled while it runs, and Stop stops it', () => {
    const { topic, publish, panel } = renderPanel()
    fireEvent.change(topic, { target: { value: 'a/b' } })
    fireEvent.click(panel.getByRole('checkbox', { name: 'Repeat' }))
    fireEvent.change(panel.getByLabelText('Every (ms)', { exact: true }), { target: { value: '50' } })
    fireEvent.change(panel.getByLabelText('Times', { exact: true }), { target: { value: '3' } })
    fireEvent.click(publish)
    const command = publishes()[0]
    if (command?.type !== 'publish') throw new Error('nothing published')
    expect(command.repeat).toEqual({ intervalMs: 50, count: 3 })
    expect(panel.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', true)
    act(() =>
      useAppStore.getState().applyEvent({ type: 'publish-job', job: { jobId: command.jobId, total: 3, sent: 1, acknowledged: 1, failed: 0, running: true } }),
    )
    expect(screen.getByRole('status', { name: 'Repeat progress' }).textContent).toBe('Sent 1 of 3')
    fireEvent.click(panel.getByRole('button', { name: 'Stop' }))
    expect(sent.at(-1)).toEqual({ type: 'publish-stop', jobId: command.jobId })
  })

  it('MQTT 5 properties are disabled on a 3.1.1 connection, and say so', () => {
    const { panel } = renderPanel()
    expect(panel.getByText('MQTT 5 only: this connection is 3.1.1')).toBeTruthy()
    expect(panel.getByLabelText('Content type', { exact: true }).matches(':disabled')).toBe(true)
  })
})
