import { readFileSync } from 'node:fs'
import type { AccessRules } from './access-control.ts'
import { parseAcl, type AclFile } from './acl.ts'
import { parseUsersFile } from './users-file.ts'

export interface AccessSettings {
  readonly usersFile: string
  readonly aclFile: string
  readonly allowAnonymous: boolean
  readonly clientidPrefixesFromUsername: boolean
}

export type ReadText = (path: string) => string

/**
 * Reads --users-file and --acl-file (each optional: '' is none) into the rules the broker uses.
 * Config validation calls it to list problems (with line numbers) before anything starts; the
 * server calls it again when it starts.
 */
export function loadAccessRules(
  settings: AccessSettings,
  readText: ReadText = (path) => readFileSync(path, 'utf8'),
): { rules: AccessRules; problems: readonly string[] } {
  const problems: string[] = []
  let users: ReadonlyMap<string, string> | undefined
  let acl: AclFile | undefined
  if (settings.usersFile !== '') {
    const text = readOrReport(readText, settings.usersFile, '--users-file', problems)
    if (text !== undefined) {
      const parsed = parseUsersFile(text)
      for (const problem of parsed.problems) problems.push(`--users-file ${settings.usersFile} ${problem}`)
      users = parsed.users
    }
  }
  if (settings.aclFile !== '') {
    const text = readOrReport(readText, settings.aclFile, '--acl-file', problems)
    if (text !== undefined) {
      const parsed = parseAcl(text)
      for (const problem of parsed.problems) problems.push(`--acl-file ${settings.aclFile} ${problem}`)
      acl = parsed.acl
    }
  }
  return { rules: { users, acl, allowAnonymous: settings.allowAnonymous, clientidPrefixesFromUsername: settings.clientidPrefixesFromUsername }, problems }
}

function readOrReport(readText: ReadText, path: string, flag: string, problems: string[]): string | undefined {
  try {
    return readText(path)
  } catch (error) {
    problems.push(`${flag}: cannot read ${path} (${describeReadError(error)})`)
    return undefined
  }
}

export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  return code ?? (error instanceof Error ? error.message : String(error))
}
