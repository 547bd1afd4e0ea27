import { hashProblem } from './password-hash.ts'

/**
 * The users file: one user per line, `name:hash`, like mosquitto's password file but with scrypt
 * hashes (password-hash.ts). Blank lines and lines starting with `#` are comments. A name is what
 * an MQTT client sends as its user name: 1 to 256 characters, no `:`, no spaces or control
 * characters. `mqtt-scope user add|remove|list` edits it; it can also be written by hand.
 *
 *   # mqtt-scope users
 *   alice:$scrypt$N=16384,r=8,p=1$3q2+7w...$Jk1...
 */
export interface UsersFile {
  /** name -> stored hash. */
  readonly users: ReadonlyMap<string, string>
  /** Problems with their 1-based line numbers ("line 3: ..."). */
  readonly problems: readonly string[]
  /** The lines as read, so an edit keeps comments and order. */
  readonly lines: readonly string[]
}

const MAX_NAME_LENGTH = 256
/** A UTF-16 surrogate without its pair: no UTF-8 encoding exists for it [MQTT-1.5.3-1]. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function parseUsersFile(text: string): UsersFile {
  const lines = splitLines(text)
  const users = new Map<string, string>()
  const problems: string[] = []
  lines.forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const where = `line ${index + 1}`
    const colon = line.indexOf(':')
    if (colon === -1) {
      problems.push(`${where}: expected name:hash`)
      return
    }
    const name = line.slice(0, colon)
    const hash = line.slice(colon + 1)
    const nameIssue = userNameProblem(name)
    if (nameIssue !== undefined) problems.push(`${where}: ${nameIssue}`)
    else if (users.has(name)) problems.push(`${where}: user "${name}" is listed twice`)
    const hashIssue = hashProblem(hash)
    if (hashIssue !== undefined) problems.push(`${where}: ${hashIssue}`)
    if (nameIssue === undefined && hashIssue === undefined) users.set(name, hash)
  })
  return { users, problems, lines }
}

/** Why `name` cannot be a user name in the file, or undefined. */
export function userNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the user name is empty'
  if (name.length > MAX_NAME_LENGTH) return `the user name is longer than ${MAX_NAME_LENGTH} characters`
  if (name.includes(':')) return 'a user name cannot contain ":"'
  // Whitespace and control characters (C0, DEL, C1) and the lone surrogates UTF-8 cannot carry.
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(name)) return 'a user name cannot contain spaces or control characters'
  if (LONE_SURROGATE.test(name)) return 'the user name is not valid UTF-8'
  return undefined
}

/** The file's text with `name` set to `hash`: its line replaced in place, or appended. */
export function withUser(file: UsersFile, name: string, hash: string): string {
  const lines = [...file.lines]
  const index = lineOf(lines, name)
  if (index === -1) {
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
    lines.push(`${name}:${hash}`)
  } else {
    lines[index] = `${name}:${hash}`
  }
  return joinLines(lines)
}

/** The file's text without `name`'s line (the caller checks that the user exists). */
export function withoutUser(file: UsersFile, name: string): string {
  const index = lineOf(file.lines, name)
  const lines = file.lines.filter((_, i) => i !== index)
  return joinLines(lines)
}

function lineOf(lines: readonly string[], name: string): number {
  return lines.findIndex((line) => {
    const trimmed = line.trim()
    return !trimmed.startsWith('#') && trimmed.slice(0, trimmed.indexOf(':')) === name && trimmed.includes(':')
  })
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
