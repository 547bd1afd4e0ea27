// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { embeddedBrokerUrl, EMBEDDED_PROFILE_ID, newProfile } from '@/model/connection-profile.ts'
import type { WorkerCommand } from '@/worker/protocol.ts'
import { useAppStore } from './app-store.ts'
import { cancelShareLink, confirmShareLink, openShareLink, shareQueryOf, useShareLinkStore } from './share-link-store.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'
import { EMPTY_BATCH } from './view-slice.ts'

const sent = freshStorePerTest()
afterEach(() => useShareLinkStore.setState({ notice: undefined, confirm: undefined, waiting: undefined }))

const connects = () => sent.filter((c): c is Extract<WorkerCommand, { type: 'connect' }> => c.type === 'connect')

describe('opening a link', () => {
  it('without a link the page connects as usual (openShareLink says so)', () => {
    expect(openShareLink('')).toBe(false)
    expect(sent).toEqual([])
  })

  it('a refused link connects nothing and says why', () => {
    for (const search of ['?url=javascript:alert(1)', '?subscribe=a/%23/b', `?topic=${'x'.repeat(100 * 1024)}`, '?profile=Nobody']) {
      sent.length = 0
      expect(openShareLink(search)).toBe(true)
      expect(connects()).toEqual([])
      expect(useShareLinkStore.getState().notice?.tone).toBe('error')
    }
    expect(useShareLinkStore.getState().notice?.text).toMatch(/No connection profile is named "Nobody"/)
  })

  it('a broker without a profile waits for the confirmation; Cancel connects nothing', () => {
    openShareLink('?url=ws://elsewhere.example:9001/mqtt&subscribe=a/%2B')
    expect(useShareLinkStore.getState().confirm?.url).toBe('ws://elsewhere.example:9001/mqtt')
    expect(connects()).toEqual([])
    cancelShareLink()
    expect(connects()).toEqual([])
    expect(useShareLinkStore.getState().confirm).toBeUndefined()
    expect(useAppStore.getState().subscriptions.map((s) => s.filter)).toEqual(['#'])
  })

  it('Connect saves a profile for the broker and opens the link: its subscriptions, then its topic', () => {
    openShareLink('?url=ws://elsewhere.example:9001/mqtt&subscribe=a/%2B&subscribe=b&topic=a/1&view=hex')
    confirmShareLink()
    const [connect] = connects()
    expect(connect?.options.url).toBe('ws://elsewhere.example:9001/mqtt')
    expect(connect?.subscriptions).toEqual([
      { filter: 'a/+', qos: 0 },
      { filter: 'b', qos: 0 },
    ])
    expect(useAppStore.getState().profiles.find((p) => p.url === 'ws://elsewhere.example:9001/mqtt')?.name).toBe('elsewhere.example:9001')
    expect(sent).toContainEqual({ type: 'find-topic', topic: 'a/1' })
    expect(useShareLinkStore.getState().notice?.text).toBe('Opening the link: waiting for a/1')

    // The worker finds it: selected, revealed, in the link's view.
    sent.length = 0
    const located = { seq: 1, by: 'topic' as const, index: undefined, id: 42 }
    useAppStore.getState().applyBatch({ ...EMPTY_BATCH, tree: { ...EMPTY_BATCH.tree, located } })
    expect(useAppStore.getState().selectedId).toBe(42)
    expect(sent).toContainEqual({ type: 'reveal', id: 42 })
    expect(useAppStore.getState().payloadView).toBe('hex')
    expect(useShareLinkStore.getState().waiting).toBeUndefined()
    expect(useShareLinkStore.getState().notice).toBeUndefined()
  })

  it('the embedded broker and a known profile connect without asking', () => {
    openShareLink(`?url=${embeddedBrokerUrl(location)}`)
    expect(useShareLinkStore.getState().confirm).toBeUndefined()
    expect(useAppStore.getState().activeProfileId).toBe(EMBEDDED_PROFILE_ID)
    expect(connects()).toHaveLength(1)

    useAppStore.getState().saveProfile(newProfile({ id: 'staging', name: 'Staging', url: 'mqtt://staging:1883' }))
    openShareLink('?profile=Staging')
    expect(useAppStore.getState().activeProfileId).toBe('staging')
    expect(connects()).toHaveLength(2)
  })

  it('a topic the person selects while the link waits wins', () => {
    openShareLink(`?url=${embeddedBrokerUrl(location)}&topic=t`)
    useAppStore.getState().select(7)
    expect(useShareLinkStore.getState().waiting).toBeUndefined()
    expect(sent).toContainEqual({ type: 'find-topic', topic: undefined })
  })
})

describe('the link of what is on screen', () => {
  it('carries the profile name and public URL, never its secrets; the waited-for topic while waiting', () => {
    const profile = newProfile({
      id: 'prod',
      name: 'Prod',
      url: 'wss://ops:url-secret@prod.example/mqtt?token=tok',
      username: 'ops',
      password: 'pw-secret',
      rememberPassword: true,
    })
    useAppStore.setState({ profiles: [profile], activeProfileId: 'prod', payloadView: 'text' })
    const query = shareQueryOf(useAppStore.getState(), undefined)
    expect(query).toBe('?profile=Prod&url=wss://prod.example/mqtt&subscribe=%23&view=text')
    expect(shareQueryOf(useAppStore.getState(), { topic: 'x/y', view: undefined })).toBe('?profile=Prod&url=wss://prod.example/mqtt&subscribe=%23&topic=x/y')
  })
})
