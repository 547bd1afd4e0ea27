import { describeReadError, readTextFile, type ReadText } from '../read-text.ts'
import type { AccessRules } from './access-control.ts'
import { parseAcl, type AclFile } from './acl.ts'
import { parseUsersFile } from './users-file.ts'

export interface AccessSettings {
  readonly usersFile: string
  readonly aclFile: string
  readonly allowAnonymous: boolean
  readonly clientidPrefixesFromUsername: boolean
}

/**
 * Reads --users-file and --acl-file (each optional: '' is none) into the rules the broker uses.
 * Config validation calls it, once, to list problems (with line numbers) before anything starts,
 * and hands the rules to the server.
 */
export function loadAccessRules(settings: AccessSettings, readText: ReadText = readTextFile): { rules: AccessRules; problems: readonly string[] } {
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
