import { describe, expect, it } from 'vitest'
import { parseSessionRequest, type SessionRequest } from './session-request.ts'
import { TicketStore } from './tickets.ts'

const request = parseSessionRequest({ target: 'mqtt://127.0.0.1:1883' }) as SessionRequest

function store(now: () => number = Date.now, maxPending = 10, ttlMs = 30_000) {
  return new TicketStore({ ttlMs, maxPending, now })
}

describe('TicketStore', () => {
  it('issues 32 random bytes as base64url, different every time', () => {
    const tickets = store()
    const a = tickets.issue(request, 'http://127.0.0.1:8080')!
    const b = tickets.issue(request, 'http://127.0.0.1:8080')!
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(a).not.toBe(b)
    tickets.clear()
  })

  it('gives the ticket back once, with its request and origin; a second use finds nothing', () => {
    const tickets = store()
    const id = tickets.issue(request, 'http://127.0.0.1:8080')!
    expect(tickets.take(id)).toMatchObject({ request, origin: 'http://127.0.0.1:8080' })
    expect(tickets.take(id)).toBeUndefined()
    expect(tickets.pending).toBe(0)
  })

  it('does not know a made-up ticket', () => {
    expect(store().take('A'.repeat(43))).toBeUndefined()
  })

  it('refuses a ticket at its expiry time and after', () => {
    let now = 1_000_000
    const tickets = store(() => now)
    const early = tickets.issue(request, undefined)!
    const late = tickets.issue(request, undefined)!
    now += 29_999
    expect(tickets.take(early)).toBeDefined()
    now += 1
    expect(tickets.take(late)).toBeUndefined()
  })

  it('forgets an unused ticket (and its TLS material) when it expires', async () => {
    const tickets = store(Date.now, 10, 50)
    tickets.issue(request, undefined)
    expect(tickets.pending).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(tickets.pending).toBe(0)
  })

  it('refuses to issue past maxPending, and issues again once one is used', () => {
    const tickets = store(Date.now, 2)
    const first = tickets.issue(request, undefined)!
    expect(tickets.issue(request, undefined)).toBeDefined()
    expect(tickets.issue(request, undefined)).toBeUndefined()
    tickets.take(first)
    expect(tickets.issue(request, undefined)).toBeDefined()
    tickets.clear()
    expect(tickets.pending).toBe(0)
  })
})
