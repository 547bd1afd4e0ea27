import { matchesFilter, validateFilter } from '../../src/model/topic-rules.ts'
import { filterCovers, filtersOverlap } from './filter-relations.ts'

/**
 * The ACL file, in mosquitto's format (a subset):
 *
 *   # anonymous clients: the lines before the first "user"
 *   topic read public/#
 *   user alice
 *   topic readwrite home/#
 *   topic deny home/secrets/#
 *   pattern readwrite devices/%c/#     (every client: %c its client id)
 *   pattern read inbox/%u/#            (every client with a user name: %u that name)
 *
 * - `topic [read|write|readwrite|deny] <filter>` applies to the user of the section it is in
 *   (without an access word: readwrite); before any `user` line, to anonymous clients.
 * - `pattern [access] <filter>` applies to every client wherever it stands. A pattern with %u does
 *   not apply to anonymous clients; one whose client id or user name contains "/", "+" or "#"
 *   gains nothing from it (so a client id of "#" cannot read every device), but a deny pattern
 *   then denies everything.
 * - With an ACL file, what no rule allows is denied; `deny` wins over any allow. Filters follow
 *   the MQTT rules, so `#` does not reach `$SYS/...`: allow it with `topic read $SYS/#`.
 */
export type Access = 'read' | 'write' | 'readwrite' | 'deny'

interface Rule {
  readonly access: Access
  readonly filter: string
}

export interface AclFile {
  readonly anonymous: readonly Rule[]
  readonly users: ReadonlyMap<string, readonly Rule[]>
  readonly patterns: readonly Rule[]
}

export type AclParse = { readonly acl: AclFile; readonly problems: readonly [] } | { readonly acl?: undefined; readonly problems: readonly string[] }

const ACCESS_WORDS: readonly string[] = ['read', 'write', 'readwrite', 'deny']
const SHARE_PREFIX = '$share/'

/** Parses the file's text; every problem is reported with its 1-based line number. */
export function parseAcl(text: string): AclParse {
  const anonymous: Rule[] = []
  const users = new Map<string, Rule[]>()
  const patterns: Rule[] = []
  const problems: string[] = []
  let section = anonymous
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const where = `line ${index + 1}`
    const [keyword, rest] = splitWord(line)
    switch (keyword) {
      case 'user': {
        if (rest === '') {
          problems.push(`${where}: "user" needs a user name`)
          return
        }
        section = users.get(rest) ?? []
        users.set(rest, section)
        return
      }
      case 'topic':
      case 'pattern': {
        const rule = parseRule(rest, keyword === 'pattern')
        if (typeof rule === 'string') problems.push(`${where}: ${rule}`)
        else (keyword === 'pattern' ? patterns : section).push(rule)
        return
      }
      default:
        problems.push(`${where}: unknown keyword "${clip(keyword)}" (expected user, topic or pattern)`)
    }
  })
  if (problems.length > 0) return { problems }
  return { acl: { anonymous, users, patterns }, problems: [] }
}

function parseRule(text: string, isPattern: boolean): Rule | string {
  let [word, filter] = splitWord(text)
  let access: Access = 'readwrite'
  if (ACCESS_WORDS.includes(word)) access = word as Access
  else filter = text
  if (filter === '') return `a filter is missing after "${isPattern ? 'pattern' : 'topic'}${ACCESS_WORDS.includes(word) ? ` ${word}` : ''}"`
  // A pattern is checked with sample values in place of %u and %c.
  const problem = validateFilter(isPattern ? filter.replace(/%[uc]/g, 'x') : filter)
  if (problem !== undefined) return `"${clip(filter)}": ${problem}`
  if (filter.startsWith(SHARE_PREFIX)) return `"${clip(filter)}": write the filter without $share/{group}/ (shared subscriptions are checked by their filter)`
  return { access, filter }
}

/** Who a client is, for the rules. */
export interface AclSubject {
  /** The verified user name; undefined for an anonymous client. */
  readonly username: string | undefined
  readonly clientId: string
}

/** The rules that apply to one client, checked per PUBLISH, SUBSCRIBE and delivery. */
export class ClientAcl {
  readonly #allowRead: readonly string[]
  readonly #allowWrite: readonly string[]
  readonly #deny: readonly string[]
  /** A deny pattern that could not be filled in for this client denies it everything. */
  readonly #denyAll: boolean

  constructor(acl: AclFile, subject: AclSubject) {
    const own = subject.username === undefined ? acl.anonymous : (acl.users.get(subject.username) ?? [])
    const rules: Rule[] = [...own]
    let denyAll = false
    for (const pattern of acl.patterns) {
      const filter = substitute(pattern.filter, subject.username, subject.clientId)
      if (filter === NOT_APPLICABLE) continue
      if (filter === UNSAFE) denyAll ||= pattern.access === 'deny'
      else rules.push({ access: pattern.access, filter })
    }
    this.#denyAll = denyAll
    this.#allowRead = rules.filter((r) => r.access === 'read' || r.access === 'readwrite').map((r) => r.filter)
    this.#allowWrite = rules.filter((r) => r.access === 'write' || r.access === 'readwrite').map((r) => r.filter)
    this.#deny = rules.filter((r) => r.access === 'deny').map((r) => r.filter)
  }

  /** May the client publish to this topic name? */
  canWrite(topic: string): boolean {
    return !this.#denied(topic) && this.#allowWrite.some((filter) => matchesFilter(filter, topic))
  }

  /** May a message on this topic name be delivered to the client? */
  canRead(topic: string): boolean {
    return !this.#denied(topic) && this.#allowRead.some((filter) => matchesFilter(filter, topic))
  }

  /**
   * May the client subscribe to this filter? Yes when it can read some topic the filter matches;
   * deliveries are then checked one by one (canRead), so `#` brings only what it may read.
   */
  canSubscribe(filter: string): boolean {
    const own = stripShare(filter)
    if (this.#denyAll || this.#deny.some((deny) => filterCovers(deny, own))) return false
    return this.#allowRead.some((allow) => filtersOverlap(allow, own))
  }

  #denied(topic: string): boolean {
    return this.#denyAll || this.#deny.some((deny) => matchesFilter(deny, topic))
  }
}

const NOT_APPLICABLE = Symbol('no user name for %u')
const UNSAFE = Symbol('a value that would add levels or wildcards')

/** The filter with %u and %c replaced. */
function substitute(filter: string, username: string | undefined, clientId: string): string | typeof NOT_APPLICABLE | typeof UNSAFE {
  const hasUser = filter.includes('%u')
  if (hasUser && username === undefined) return NOT_APPLICABLE
  if ((hasUser && !isPlainLevel(username!)) || (filter.includes('%c') && !isPlainLevel(clientId))) return UNSAFE
  return filter.replace(/%[uc]/g, (token) => (token === '%u' ? username! : clientId))
}

/** A value that fits in one topic level without adding wildcards or levels. */
function isPlainLevel(value: string): boolean {
  return value !== '' && !/[/+#]/.test(value)
}

function stripShare(filter: string): string {
  if (!filter.startsWith(SHARE_PREFIX)) return filter
  const end = filter.indexOf('/', SHARE_PREFIX.length)
  return end === -1 ? filter : filter.slice(end + 1)
}

function splitWord(text: string): [string, string] {
  const match = /^(\S+)\s*(.*)$/.exec(text)
  return match === null ? ['', ''] : [match[1]!, match[2]!.trim()]
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text
}
