/**
 * Links that open what a page shows: `?profile=<name>&url=<broker URL>&subscribe=<filter>...
 * &topic=<topic>&view=<payload view>`. Written from what is on screen, read when a page opens.
 *
 * A link never carries a secret: it is built from a profile's name and its broker URL only, and the
 * URL loses any user name, password, query and fragment (a WebSocket URL's query is where signed
 * URLs and tokens live). Nothing else of a profile (user name, password, TLS keys, client ID, will)
 * is read here. A link that is too long, names a URL that is not an MQTT broker's, or holds an
 * invalid filter, topic or view is refused as a whole, with a sentence that says why.
 */
import { parseBrokerUrl } from './broker-url.ts'
import { EMBEDDED_PROFILE_ID, embeddedBrokerUrl, type ConnectionProfile, type PageLocation } from './connection-profile.ts'
import { LIMITS } from './limits.ts'
import { validateFilter, validateTopic } from './topic-rules.ts'

/** The payload views a link may name: the inspector's tabs (payload-decoders.ts, then the binary formats it offers). */
export const LINK_VIEWS = ['json', 'text', 'hex', 'base64', 'sparkplug', 'cbor', 'msgpack'] as const
export type LinkView = (typeof LINK_VIEWS)[number]

export function isLinkView(value: string): value is LinkView {
  return (LINK_VIEWS as readonly string[]).includes(value)
}

/** What a link says, every field already checked. */
export interface ShareLink {
  /** A profile name in the browser that opens the link. */
  readonly profile?: string
  /** The broker, without credentials, query or fragment (publicBrokerUrl). */
  readonly url?: string
  readonly subscribe: readonly string[]
  readonly topic?: string
  readonly view?: LinkView
}

/**
 * What is on screen, as the page holds it: the whole active profile, secrets included. Only
 * shareLinkOf reads it, and it takes the name and the public URL alone.
 */
export interface ScreenState {
  readonly profile: ConnectionProfile | undefined
  readonly subscriptions: readonly string[]
  readonly topic: string | undefined
  /** The payload view the person picked (undefined: the detected one, which the link leaves out). */
  readonly view: string | undefined
}

/** What the link carries of the screen. */
export function shareLinkOf(screen: ScreenState): ShareLink {
  const url = screen.profile ? publicBrokerUrl(screen.profile.url) : undefined
  return {
    ...(screen.profile ? { profile: screen.profile.name } : {}),
    ...(url !== undefined ? { url: url.url } : {}),
    subscribe: [...new Set(screen.subscriptions)],
    ...(screen.topic !== undefined ? { topic: screen.topic } : {}),
    ...(screen.view !== undefined && isLinkView(screen.view) ? { view: screen.view } : {}),
  }
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i

/**
 * A broker URL as a link may carry it: ws(s):// without user name, password, query or fragment;
 * mqtt(s)://host:port without user name and password. `hadCredentials`: some were taken out.
 * Undefined for anything that is not an MQTT broker URL (http:, file:, data:, javascript:, ...).
 */
export function publicBrokerUrl(text: string): { readonly url: string; readonly hadCredentials: boolean } | undefined {
  const trimmed = text.trim()
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase()
  if (scheme === 'ws' || scheme === 'wss') {
    let url: URL
    try {
      url = new URL(trimmed)
    } catch {
      return undefined
    }
    if (url.hostname === '') return undefined
    return { url: `${url.protocol}//${url.host}${url.pathname}`, hadCredentials: url.username !== '' || url.password !== '' }
  }
  if (scheme === 'mqtt' || scheme === 'mqtts') {
    // mqtt://user:pass@host:port: the credentials go before the broker URL parser sees it (it refuses them).
    const match = /^([a-z]+:\/\/)(?:([^/@]*)@)?(.*)$/i.exec(trimmed)
    if (!match) return undefined
    const parsed = parseBrokerUrl(`${match[1]!}${match[3]!}`)
    if ('error' in parsed || !parsed.bridged) return undefined
    return { url: parsed.target, hadCredentials: match[2] !== undefined }
  }
  return undefined
}

/** Whether two profile URLs name the same broker (credentials, query and fragment aside). */
export function sameBroker(a: string, b: string): boolean {
  const x = publicBrokerUrl(a)
  const y = publicBrokerUrl(b)
  return x !== undefined && y !== undefined && x.url === y.url
}

/** Query values stay readable: "/", ":" and "$" need no escape there ("+", "#", "&" and "=" do). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%24/g, '$')
}

function query(link: ShareLink): string {
  const parts: string[] = []
  if (link.profile !== undefined) parts.push(`profile=${encode(link.profile)}`)
  if (link.url !== undefined) parts.push(`url=${encode(link.url)}`)
  for (const filter of link.subscribe) parts.push(`subscribe=${encode(filter)}`)
  if (link.topic !== undefined) parts.push(`topic=${encode(link.topic)}`)
  if (link.view !== undefined) parts.push(`view=${link.view}`)
  return parts.length === 0 ? '' : `?${parts.join('&')}`
}

/**
 * The link's query string ("?profile=..."; "" for nothing). Over the length budget the topic and
 * view are left out, then the subscriptions too; `cut` says what was.
 */
export function writeShareLink(link: ShareLink): { readonly query: string; readonly cut?: 'topic' | 'subscriptions' } {
  const max = LIMITS.shareLink.chars
  const whole = query(link)
  if (whole.length <= max) return { query: whole }
  const { topic: _t, view: _v, ...rest } = link
  const withoutTopic = query(rest)
  if (withoutTopic.length <= max) return { query: withoutTopic, cut: 'topic' }
  return { query: query({ ...rest, subscribe: [] }), cut: 'subscriptions' }
}

export type LinkReading =
  /** The page was opened without a link. */
  | { readonly kind: 'none' }
  /** Nothing of the link is used: `message` says why. */
  | { readonly kind: 'refused'; readonly message: string }
  /** `notes`: what was left out of the link (credentials in its URL). */
  | { readonly kind: 'link'; readonly link: ShareLink; readonly notes: readonly string[] }

const KEYS = ['profile', 'url', 'subscribe', 'topic', 'view']

/** An untrusted value in a sentence: quoted, and cut when long. */
export function quoted(value: string): string {
  return `"${value.length > 80 ? `${value.slice(0, 80)}…` : value}"`
}

/** Reads a page's query string (`location.search`). */
export function readShareLink(search: string): LinkReading {
  if (search.length > LIMITS.shareLink.chars) {
    const kb = Math.ceil(search.length / 1024)
    return { kind: 'refused', message: `This link is too long (${kb} KB; a link holds at most ${LIMITS.shareLink.chars / 1024} KB). Nothing was opened.` }
  }
  const params = new URLSearchParams(search)
  if (!KEYS.some((key) => params.has(key))) return { kind: 'none' }
  const problems: string[] = []
  const notes: string[] = []

  const profile = params.get('profile') ?? undefined
  if (profile !== undefined && profile.trim() === '') problems.push('The link names an empty profile.')

  let url: string | undefined
  const urlText = params.get('url')
  if (urlText !== null) {
    const broker = publicBrokerUrl(urlText)
    if (broker === undefined) {
      const scheme = SCHEME.exec(urlText.trim())?.[1]
      const what = scheme ? `${scheme.toLowerCase()}: is not an MQTT broker URL` : 'it is not a URL'
      problems.push(`The link's broker ${quoted(urlText)} cannot be opened: ${what} (a link opens ws://, wss://, mqtt:// or mqtts:// brokers).`)
    } else {
      url = broker.url
      if (broker.hadCredentials) notes.push("The user name and password in the link's broker URL were left out: a link never carries them.")
    }
  }

  const subscribe: string[] = []
  for (const filter of params.getAll('subscribe')) {
    const problem = validateFilter(filter)
    if (problem) problems.push(`The link's filter ${quoted(filter)} is not valid: ${problem}.`)
    else if (!subscribe.includes(filter)) subscribe.push(filter)
  }

  const topic = params.get('topic') ?? undefined
  const topicProblem = topic === undefined ? undefined : validateTopic(topic)
  if (topic !== undefined && topicProblem) problems.push(`The link's topic ${quoted(topic)} is not valid: ${topicProblem}.`)

  const viewText = params.get('view') ?? undefined
  const view = viewText !== undefined && isLinkView(viewText) ? viewText : undefined
  if (viewText !== undefined && view === undefined) problems.push(`The link's payload view ${quoted(viewText)} is unknown (use ${LINK_VIEWS.join(', ')}).`)

  if (problems.length > 0) return { kind: 'refused', message: `${problems.join(' ')} Nothing was opened.` }
  return {
    kind: 'link',
    link: {
      ...(profile !== undefined ? { profile } : {}),
      ...(url !== undefined ? { url } : {}),
      subscribe,
      ...(topic !== undefined ? { topic } : {}),
      ...(view !== undefined ? { view } : {}),
    },
    notes,
  }
}

export type LinkTarget =
  /** Connect with this profile at once (one the person has, or the embedded broker). */
  | { readonly kind: 'profile'; readonly profileId: string; readonly notes: readonly string[] }
  /** A broker the person has no profile for: ask before connecting. */
  | { readonly kind: 'confirm'; readonly url: string; readonly notes: readonly string[] }
  /** The link names no broker: the page's own choice (the active profile). */
  | { readonly kind: 'current' }
  /** Nothing to connect to: `message` names the missing profile. */
  | { readonly kind: 'refused'; readonly message: string }

/**
 * Which broker a link opens, given the profiles of this browser. A profile of that name is used
 * when the link's URL (if any) is its broker too; else a profile for the link's URL; the embedded
 * broker without asking; any other broker only once the person confirms.
 */
export function resolveLinkTarget(link: ShareLink, profiles: readonly ConnectionProfile[], page: PageLocation): LinkTarget {
  const named = link.profile === undefined ? undefined : profiles.find((p) => p.name === link.profile)
  if (named && (link.url === undefined || sameBroker(named.url, link.url))) return { kind: 'profile', profileId: named.id, notes: [] }
  const missing = link.profile !== undefined && !named ? [`No connection profile is named ${quoted(link.profile)} in this browser.`] : []
  if (link.url === undefined) {
    if (link.profile === undefined) return { kind: 'current' }
    return { kind: 'refused', message: `${missing[0] ?? ''} Nothing was connected: choose a profile and connect.`.trim() }
  }
  if (sameBroker(link.url, embeddedBrokerUrl(page))) return { kind: 'profile', profileId: EMBEDDED_PROFILE_ID, notes: missing }
  const known = profiles.find((p) => sameBroker(p.url, link.url!))
  if (known) return { kind: 'profile', profileId: known.id, notes: missing }
  return { kind: 'confirm', url: link.url, notes: missing }
}

/** A name for a profile made from a link: the broker's host and port. */
export function profileNameFor(url: string): string {
  const match = /^[a-z]+:\/\/([^/]+)/i.exec(url)
  return match?.[1] ?? url
}
