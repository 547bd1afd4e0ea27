import { describe, expect, it } from 'vitest'
import type { QoS } from './connection-types.ts'
import { deliveredQosText, grantedFor, type KnownSubscription } from './delivered-qos.ts'

const granted = (filter: string, qos: QoS): KnownSubscription => ({ filter, status: { state: 'granted', qos } })

describe('grantedFor', () => {
  it('finds the granted subscription that matches, the highest QoS among overlapping ones', () => {
    const subs = [granted('#', 0), granted('home/+/temp', 1), { filter: 'home/#', status: { state: 'pending' } } as const]
    expect(grantedFor('home/kitchen/temp', subs)).toEqual({ filter: 'home/+/temp', qos: 1 })
    expect(grantedFor('office/temp', subs)).toEqual({ filter: '#', qos: 0 })
  })

  it('ignores pending and refused subscriptions, and # does not match $SYS topics', () => {
    const subs: KnownSubscription[] = [{ filter: 'a/#', status: { state: 'refused', reason: 'not authorized' } }, granted('#', 1)]
    expect(grantedFor('a/b', subs)).toEqual({ filter: '#', qos: 1 })
    expect(grantedFor('$SYS/broker/uptime', subs)).toBeUndefined()
  })
})

describe('deliveredQosText', () => {
  it('names the granted QoS when the message arrived exactly at it, below 2', () => {
    expect(deliveredQosText(0, { filter: '#', qos: 0 })).toBe('received at QoS 0 (subscription # granted QoS 0)')
    expect(deliveredQosText(1, { filter: 'a/+', qos: 1 })).toBe('received at QoS 1 (subscription a/+ granted QoS 1)')
  })

  it('is just the QoS when the subscription cannot be why', () => {
    expect(deliveredQosText(0, { filter: '#', qos: 1 })).toBe('QoS 0')
    expect(deliveredQosText(2, { filter: '#', qos: 2 })).toBe('QoS 2')
    expect(deliveredQosText(1, undefined)).toBe('QoS 1')
  })
})
