import { describe, expect, it } from 'vitest'
import { DEFAULT_TLS } from './tls-options.ts'
import { EMBEDDED_PROFILE_ID, embeddedProfile, newProfile } from './connection-profile.ts'
import { LIMITS } from './limits.ts'
import { publicBrokerUrl, readShareLink, resolveLinkTarget, shareLinkOf, writeShareLink, type ShareLink } from './share-link.ts'

const page = { protocol: 'http:', host: '127.0.0.1:8080' }

function read(query: string): ShareLink {
  const reading = readShareLink(query)
  if (reading.kind !== 'link') throw new Error(`not a link: ${JSON.stringify(reading)}`)
  return reading.link
}

describe('share links: round trip', () => {
  it('writes what is on screen and reads it back the same', () => {
    const profile = newProfile({ name: 'Staging & test = #1', url: 'wss://broker.example.com:8884/mqtt' })
    const screen = { profile, subscriptions: ['sensors/+/temp', '$SYS/#', 'a b/#', 'x&y=z'], topic: 'sensors/1/temp?%', view: 'hex' }
    const link = shareLinkOf(screen)
    const { query, cut } = writeShareLink(link)
    expect(cut).toBeUndefined()
    expect(query).toContain('topic=sensors/1/temp%3F%25')
    expect(read(query)).toEqual(link)
    expect(link).toEqual({
      profile: 'Staging & test = #1',
      url: 'wss://broker.example.com:8884/mqtt',
      subscribe: ['sensors/+/temp', '$SYS/#', 'a b/#', 'x&y=z'],
      topic: 'sensors/1/temp?%',
      view: 'hex',
    })
  })

  it('round-trips mqtt:// brokers, unicode topics and every view', () => {
    for (const view of ['json', 'text', 'hex', 'base64', 'sparkplug', 'cbor', 'msgpack']) {
      const link = shareLinkOf({ profile: newProfile({ name: 'Ünïcødé', url: 'mqtt://Broker.Local' }), subscriptions: ['#'], topic: 'häus/温度', view })
      expect(link.url).toBe('mqtt://broker.local:1883')
      expect(read(writeShareLink(link).query)).toEqual(link)
    }
  })

  it('leaves out a view that is not one of the link views, and nothing is a link when nothing is on screen', () => {
    expect(shareLinkOf({ profile: undefined, subscriptions: [], topic: undefined, view: 'protobuf' })).toEqual({ subscribe: [] })
    expect(writeShareLink({ subscribe: [] }).query).toBe('')
    expect(readShareLink('')).toEqual({ kind: 'none' })
    expect(readShareLink('?other=1')).toEqual({ kind: 'none' })
  })

  it('cuts the topic, then the subscriptions, of a state too long for a link', () => {
    const profile = newProfile({ name: 'p', url: 'ws://h/mqtt' })
    const long = 'x'.repeat(LIMITS.shareLink.chars)
    const cutTopic = writeShareLink(shareLinkOf({ profile, subscriptions: ['#'], topic: long, view: 'hex' }))
    expect(cutTopic.cut).toBe('topic')
    expect(read(cutTopic.query)).toEqual({ profile: 'p', url: 'ws://h/mqtt', subscribe: ['#'] })
    const cutAll = writeShareLink(shareLinkOf({ profile, subscriptions: [long], topic: 'a', view: undefined }))
    expect(cutAll.cut).toBe('subscriptions')
    expect(cutAll.query.length).toBeLessThanOrEqual(LIMITS.shareLink.chars)
  })
})

describe('share links: no secret is ever written', () => {
  it('a profile full of secrets gives a link with none of them', () => {
    const secrets = ['alice-user', 'S3cret-pw', 'url-user', 'url-pass', 'tok3n', 'frag-secret', 'CA-PEM', 'CERT-PEM', 'KEY-PEM', 'client-9', 'will-secret']
    for (const url of [
      'wss://url-user:url-pass@broker.example.com:8884/mqtt?token=tok3n#frag-secret',
      'ws://url-user@broker.example.com/mqtt?x-amz-signature=tok3n',
      'mqtts://url-user:url-pass@broker.example.com:8883',
      'mqtt://url-user:url-pass@broker.example.com',
    ]) {
      const profile = newProfile({
        name: 'Production',
        url,
        username: 'alice-user',
        password: 'S3cret-pw',
        rememberPassword: true,
        clientId: 'client-9',
        will: { enabled: true, topic: 'will/t', payload: 'will-secret', qos: 1, retain: false },
        tls: { ...DEFAULT_TLS, ca: 'CA-PEM', cert: 'CERT-PEM', key: 'KEY-PEM' },
      })
      const { query } = writeShareLink(shareLinkOf({ profile, subscriptions: ['#'], topic: 'a/b', view: 'json' }))
      const decoded = decodeURIComponent(query)
      for (const secret of secrets) {
        expect(query).not.toContain(secret)
        expect(decoded).not.toContain(secret)
      }
      expect(query).toContain('broker.example.com')
    }
  })

  it('a link carrying credentials in its URL is read without them, and says so', () => {
    const reading = readShareLink('?url=ws://eve:hunter2@broker.example.com:9001/mqtt')
    expect(reading.kind).toBe('link')
    if (reading.kind !== 'link') return
    expect(reading.link.url).toBe('ws://broker.example.com:9001/mqtt')
    expect(JSON.stringify(reading.link)).not.toContain('hunter2')
    expect(reading.notes[0]).toMatch(/user name and password .* were left out/)
  })

  it('publicBrokerUrl keeps host, port and path only', () => {
    expect(publicBrokerUrl('ws://u:p@h:1/mqtt?token=t#f')).toEqual({ url: 'ws://h:1/mqtt', hadCredentials: true })
    expect(publicBrokerUrl('mqtts://u@h')).toEqual({ url: 'mqtts://h:8883', hadCredentials: true })
    expect(publicBrokerUrl('mqtt://h:1884')).toEqual({ url: 'mqtt://h:1884', hadCredentials: false })
  })
})

describe('share links: bad links are refused with a sentence', () => {
  const refused = (query: string): string => {
    const reading = readShareLink(query)
    if (reading.kind !== 'refused') throw new Error(`not refused: ${JSON.stringify(reading)}`)
    return reading.message
  }

  it('a 100 KB link', () => {
    expect(refused(`?topic=${'a'.repeat(100 * 1024)}`)).toMatch(/This link is too long \(101 KB; a link holds at most 8 KB\)\. Nothing was opened\./)
  })

  it('an invalid filter, topic or view', () => {
    expect(refused('?profile=p&subscribe=a/%23/b')).toMatch(/The link's filter "a\/#\/b" is not valid: .*Nothing was opened\./)
    expect(refused('?subscribe=')).toMatch(/filter "" is not valid: The filter is empty/)
    expect(refused('?topic=a/%2B')).toMatch(/The link's topic "a\/\+" is not valid: .*wildcards/)
    expect(refused('?view=<script>')).toMatch(/The link's payload view "<script>" is unknown \(use json, text, hex, base64, sparkplug, cbor, msgpack\)/)
  })

  it('javascript:, http:, file: and data: URLs, and things that are not URLs', () => {
    expect(refused('?url=javascript:alert(1)')).toMatch(/The link's broker "javascript:alert\(1\)" cannot be opened: javascript: is not an MQTT broker URL/)
    expect(refused('?url=JavaScript:alert(1)')).toMatch(/javascript: is not an MQTT broker URL/)
    expect(refused('?url=http://example.com/mqtt')).toMatch(/http: is not an MQTT broker URL/)
    expect(refused('?url=file:///etc/passwd')).toMatch(/file: is not an MQTT broker URL/)
    expect(refused('?url=data:text/html,<b>x</b>')).toMatch(/data: is not an MQTT broker URL/)
    expect(refused('?url=broker.example.com')).toMatch(/it is not a URL/)
    expect(refused('?url=ws://')).toMatch(/cannot be opened/)
    expect(refused('?url=mqtt://host/path')).toMatch(/cannot be opened/)
  })

  it('a long untrusted value is cut in the message', () => {
    expect(refused(`?view=${'v'.repeat(5000)}`).length).toBeLessThan(300)
  })
})

describe('share links: which broker a link opens', () => {
  const embedded = embeddedProfile(page)
  const staging = newProfile({ id: 'staging', name: 'Staging', url: 'ws://staging.example:9001/mqtt', password: 'pw' })
  const profiles = [embedded, staging]

  it('a profile of that name, with the same broker (or no URL in the link)', () => {
    expect(resolveLinkTarget({ profile: 'Staging', subscribe: [] }, profiles, page)).toEqual({ kind: 'profile', profileId: 'staging', notes: [] })
    expect(resolveLinkTarget({ profile: 'Staging', url: 'ws://staging.example:9001/mqtt', subscribe: [] }, profiles, page)).toMatchObject({
      profileId: 'staging',
    })
  })

  it('an unknown profile name without a URL connects nothing and names it', () => {
    expect(resolveLinkTarget({ profile: 'Nope', subscribe: [] }, profiles, page)).toEqual({
      kind: 'refused',
      message: 'No connection profile is named "Nope" in this browser. Nothing was connected: choose a profile and connect.',
    })
  })

  it('the embedded broker without asking; a known URL with its profile; any other broker asks first', () => {
    expect(resolveLinkTarget({ url: 'ws://127.0.0.1:8080/mqtt', subscribe: [] }, profiles, page)).toEqual({
      kind: 'profile',
      profileId: EMBEDDED_PROFILE_ID,
      notes: [],
    })
    expect(resolveLinkTarget({ profile: 'Theirs', url: 'ws://staging.example:9001/mqtt', subscribe: [] }, profiles, page)).toEqual({
      kind: 'profile',
      profileId: 'staging',
      notes: ['No connection profile is named "Theirs" in this browser.'],
    })
    expect(resolveLinkTarget({ url: 'ws://other.example:9001/mqtt', subscribe: [] }, profiles, page)).toEqual({
      kind: 'confirm',
      url: 'ws://other.example:9001/mqtt',
      notes: [],
    })
    // Same name, another broker: the person's "Staging" is not the link's.
    expect(resolveLinkTarget({ profile: 'Staging', url: 'ws://elsewhere:1/mqtt', subscribe: [] }, profiles, page)).toMatchObject({ kind: 'confirm' })
    expect(resolveLinkTarget({ subscribe: ['#'] }, profiles, page)).toEqual({ kind: 'current' })
  })
})
