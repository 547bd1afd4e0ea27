import { parseBrokerUrl } from './broker-url.ts'
import { isEmbeddedBroker, type ConnectionProfile, type PageLocation } from './connection-profile.ts'
import { toBridgeTls, type BridgeTlsRequest } from './tls-options.ts'
import { validateFilter } from './topic-rules.ts'

/** What the "Start recording" form holds. */
export interface RecordingDraft {
  readonly name: string
  /** One filter per line. */
  readonly filters: readonly string[]
  readonly qos: 0 | 1 | 2
  readonly onFull: 'evict' | 'stop'
  readonly remember: boolean
}

/** The body of POST /api/recordings (server/recordings/recording-request.ts reads it). */
export interface RecordingRequestBody {
  readonly name: string
  readonly url?: string
  readonly filters: readonly string[]
  readonly qos: 0 | 1 | 2
  readonly onFull: 'evict' | 'stop'
  readonly tls?: BridgeTlsRequest
  readonly username?: string
  readonly password?: string
  readonly remember?: boolean
}

export type DraftProblems = Partial<Record<'name' | 'filters' | 'target', string>>

/** The URL the server connects to for this profile; undefined for the embedded broker (the server knows its own). */
export function recordingTargetUrl(profile: ConnectionProfile, page: PageLocation): string | undefined | { error: string } {
  if (isEmbeddedBroker(profile, page)) return undefined
  const url = parseBrokerUrl(profile.url)
  if ('error' in url) return url
  return url.bridged ? url.target : url.url
}

/** Whether the server would need secrets of this profile to resume the recording after a restart. */
export function profileHasSecrets(profile: ConnectionProfile, page: PageLocation): boolean {
  if (isEmbeddedBroker(profile, page)) return false
  return profile.username !== '' || profile.password !== '' || usesTls(profile)
}

/**
 * Whether the server's recorder needs the profile's TLS settings: mqtts://, and wss:// where the
 * profile sets them (with "Relay through the server": the editor shows and checks them only then).
 */
function usesTls(profile: ConnectionProfile): boolean {
  const url = parseBrokerUrl(profile.url)
  return !('error' in url) && (url.scheme === 'mqtts' || (url.scheme === 'wss' && profile.relay))
}

/**
 * The request to record what the profile's broker carries, or the problems by field. The embedded
 * broker sends no url (nor credentials: the server's recorder is its own client); any other
 * profile sends its URL, user name and password, TLS options (mqtts://, relayed wss://) and
 * "remember".
 */
export function recordingRequest(draft: RecordingDraft, profile: ConnectionProfile, page: PageLocation): RecordingRequestBody | { problems: DraftProblems } {
  const problems: DraftProblems = {}
  const name = draft.name.trim()
  if (name === '') problems.name = 'Give the recording a name'
  else if (name.length > 200) problems.name = 'At most 200 characters'
  if (draft.filters.length === 0) problems.filters = 'Give at least one topic filter (one per line)'
  else if (draft.filters.length > 100) problems.filters = 'At most 100 filters'
  else {
    for (const filter of draft.filters) {
      const problem = validateFilter(filter)
      if (problem !== undefined) {
        problems.filters = `${JSON.stringify(filter)}: ${problem}`
        break
      }
    }
  }
  const url = recordingTargetUrl(profile, page)
  if (typeof url === 'object') problems.target = url.error
  if (Object.keys(problems).length > 0 || typeof url === 'object') return { problems }
  const base = { name, filters: draft.filters, qos: draft.qos, onFull: draft.onFull }
  if (url === undefined) return base
  const tls = usesTls(profile) ? toBridgeTls(profile.tls) : undefined
  return {
    ...base,
    url,
    ...(profile.username === '' ? {} : { username: profile.username }),
    ...(profile.password === '' ? {} : { password: profile.password }),
    ...(tls === undefined ? {} : { tls }),
    remember: draft.remember,
  }
}

/** A default name: the profile and the local time, e.g. "Embedded broker 2026-12-07 21:04". */
export function defaultRecordingName(profileName: string, now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${profileName} ${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}:${two(now.getMinutes())}`
}
