import { create } from 'zustand'
import { newProfile, type PageLocation } from '@/model/connection-profile.ts'
import { profileNameFor, quoted, readShareLink, resolveLinkTarget, shareLinkOf, writeShareLink, type ShareLink } from '@/model/share-link.ts'
import { useAppStore, type AppState } from './app-store.ts'

/**
 * Opening a link (model/share-link.ts) at page load, and what the page says about it. Its own small
 * store: nothing of it is persisted, and the connection, subscriptions and inspector it drives are
 * the app store's.
 */
export interface LinkNotice {
  readonly text: string
  readonly tone: 'info' | 'error'
}

export interface ShareLinkState {
  /** What the page says about the link it was opened with (until dismissed or done). */
  notice: LinkNotice | undefined
  /** A broker the person has no profile for: nothing connects until they confirm. */
  confirm: { readonly url: string; readonly link: ShareLink } | undefined
  /** The link's topic and view, waited for once connected (the worker says when the topic arrives). */
  waiting: { readonly topic: string; readonly view: ShareLink['view'] } | undefined
}

export const useShareLinkStore = create<ShareLinkState>()(() => ({ notice: undefined, confirm: undefined, waiting: undefined }))

function page(): PageLocation {
  return globalThis.location ?? { protocol: 'http:', host: '127.0.0.1:8080' }
}

function say(text: string, tone: LinkNotice['tone']): void {
  useShareLinkStore.setState({ notice: { text, tone } })
}

/**
 * Reads the page's query string. Returns false when there is no link (the page connects as usual);
 * true when the link decided (connecting, asking first, or refused with a message: nothing connects).
 */
export function openShareLink(search: string): boolean {
  const reading = readShareLink(search)
  if (reading.kind === 'none') return false
  if (reading.kind === 'refused') {
    say(reading.message, 'error')
    return true
  }
  const { link } = reading
  const target = resolveLinkTarget(link, useAppStore.getState().profiles, page())
  if (target.kind === 'refused') {
    say([...reading.notes, target.message].join(' '), 'error')
    return true
  }
  const notes = [...reading.notes, ...(target.kind === 'current' ? [] : target.notes)]
  if (target.kind === 'confirm') {
    useShareLinkStore.setState({ confirm: { url: target.url, link } })
    if (notes.length > 0) say(notes.join(' '), 'info')
    return true
  }
  applyLink(link, target.kind === 'profile' ? target.profileId : useAppStore.getState().activeProfileId, notes)
  return true
}

/**
 * Connects with profile `profileId` and the link's subscriptions (they replace the page's: the link
 * opens what its sender saw), then waits for its topic.
 */
function applyLink(link: ShareLink, profileId: string, notes: readonly string[]): void {
  const app = useAppStore.getState()
  if (link.subscribe.length > 0) {
    const qosOf = new Map(app.subscriptions.map((s) => [s.filter, s.qos]))
    useAppStore.setState({ subscriptions: link.subscribe.map((filter) => ({ filter, qos: qosOf.get(filter) ?? 0, status: { state: 'pending' } })) })
  }
  const problems = app.connect(profileId)
  if (problems) {
    say(`The link's profile cannot connect: ${Object.values(problems).join('; ')}`, 'error')
    return
  }
  if (link.topic !== undefined) {
    useShareLinkStore.setState({ waiting: { topic: link.topic, view: link.view } })
    useAppStore.getState().send({ type: 'find-topic', topic: link.topic })
  }
  const text = [...notes, ...(link.topic !== undefined ? [`Opening the link: waiting for ${link.topic}`] : [])].join(' ')
  useShareLinkStore.setState({ notice: text === '' ? undefined : { text, tone: 'info' } })
}

/** "Connect" in the confirmation: the broker becomes a profile (named after its host) and is opened. */
export function confirmShareLink(): void {
  const confirm = useShareLinkStore.getState().confirm
  if (!confirm) return
  const profile = newProfile({ name: profileNameFor(confirm.url), url: confirm.url })
  const problems = useAppStore.getState().saveProfile(profile)
  useShareLinkStore.setState({ confirm: undefined })
  if (problems) return say(`The link's broker cannot be used: ${Object.values(problems).join('; ')}`, 'error')
  applyLink(confirm.link, profile.id, [])
}

/** The profile editor's "Save and connect" after "Create profile": profile `id` opens the link. */
export function connectShareLinkWith(id: string): Record<string, string> | undefined {
  const confirm = useShareLinkStore.getState().confirm
  if (!confirm) return useAppStore.getState().connect(id)
  useShareLinkStore.setState({ confirm: undefined })
  applyLink(confirm.link, id, [])
  return undefined
}

/** Cancel: nothing connects; the page stays as it is. */
export function cancelShareLink(): void {
  const confirm = useShareLinkStore.getState().confirm
  if (!confirm) return
  useShareLinkStore.setState({ confirm: undefined })
  say(`Not connected to ${quoted(confirm.url)}: the link was not opened.`, 'info')
}

export function dismissShareLinkNotice(): void {
  useShareLinkStore.setState({ notice: undefined })
}

/** Stops waiting for the link's topic (the person picked another one, or a new connection began). */
function stopWaiting(): void {
  if (!useShareLinkStore.getState().waiting) return
  useShareLinkStore.setState({ waiting: undefined, notice: undefined })
  useAppStore.getState().send({ type: 'find-topic', topic: undefined })
}

/**
 * The worker found the link's topic: select it (the tree opens to it, the inspector shows it), in
 * the link's view. A topic the person selects meanwhile wins over the link's.
 */
useAppStore.subscribe((state, previous) => {
  const waiting = useShareLinkStore.getState().waiting
  if (!waiting) return
  if (state.selectedId !== undefined && state.selectedId !== previous.selectedId) return stopWaiting()
  const located = state.batch.tree.located
  if (located?.by !== 'topic' || located.id === undefined || located === previous.batch.tree.located) return
  useShareLinkStore.setState({ waiting: undefined, notice: undefined })
  state.reveal(located.id)
  if (waiting.view) state.setPayloadView(waiting.view)
})

/** The link of what is on screen: the profile (name and public URL), subscriptions, topic and view. */
export function shareQueryOf(state: AppState, waiting: ShareLinkState['waiting']): string {
  const profile = state.profiles.find((p) => p.id === state.activeProfileId)
  const topic = waiting?.topic ?? state.inspection?.topic ?? state.batch.selected?.topic
  const view = waiting ? waiting.view : state.payloadView
  return writeShareLink(shareLinkOf({ profile, subscriptions: state.subscriptions.map((s) => s.filter), topic, view })).query
}

/** The whole link, as "Copy link" puts it on the clipboard. */
export function shareUrlOf(state: AppState): string {
  const here = globalThis.location
  const base = here ? `${here.origin}${here.pathname}` : '/'
  return `${base}${shareQueryOf(state, useShareLinkStore.getState().waiting)}`
}
