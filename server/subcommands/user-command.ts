import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { hashPassword } from '../access/password-hash.ts'
import { parseUsersFile, userNameProblem, withoutUser, withUser, type UsersFile } from '../access/users-file.ts'
import { MAX_PASSWORD_BYTES, promptPassword, readPasswordFromStdin } from './read-password.ts'

/**
 * `mqtt-scope user add|remove|list`: edits the users file the broker reads with --users-file
 * (users-file.ts). Exit status 0 done, 1 failed (no such user, unreadable file), 2 bad usage.
 */
const USAGE = `Usage:
  mqtt-scope user add <name> [--password-stdin] --users-file <file>
  mqtt-scope user remove <name> --users-file <file>
  mqtt-scope user list --users-file <file>

add asks for the password twice on a terminal; with --password-stdin, or when standard input is
not a terminal, it reads the first line of standard input:
  printf '%s\\n' "$PASSWORD" | mqtt-scope user add alice --users-file users.txt
add replaces the password of an existing user. The file is created (mode 0600) if missing.
--users-file may also come from MQTT_SCOPE_USERS_FILE, as for the server. The server reads the
file when it starts: restart it to apply changes.`

class UsageError extends Error {}
class WriteError extends Error {}

interface Invocation {
  readonly action: 'add' | 'remove' | 'list'
  readonly name: string | undefined
  readonly usersFile: string
  readonly passwordStdin: boolean
}

export async function runUserCommand(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    return await run(args, env)
  } catch (error) {
    if (!(error instanceof WriteError)) throw error
    process.stderr.write(`mqtt-scope user: ${error.message}\n`)
    return 1
  }
}

async function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  let invocation: Invocation
  try {
    invocation = parseArgs(args, env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`mqtt-scope user: ${error.message}\n\n${USAGE}\n`)
    return 2
  }
  const { action, name, usersFile } = invocation
  const file = readUsers(usersFile, action !== 'list')
  if (file === undefined) return 1
  for (const problem of file.problems) process.stderr.write(`mqtt-scope user: warning: ${usersFile} ${problem}\n`)

  switch (action) {
    case 'list':
      for (const user of file.users.keys()) process.stdout.write(`${user}\n`)
      return 0
    case 'remove':
      if (!file.users.has(name!)) {
        process.stderr.write(`mqtt-scope user: there is no user "${name}" in ${usersFile}\n`)
        return 1
      }
      writeAtomically(usersFile, withoutUser(file, name!))
      process.stdout.write(`removed user "${name}" from ${usersFile}\n`)
      return 0
    case 'add': {
      const password = await askPassword(invocation.passwordStdin)
      if (typeof password !== 'string') {
        process.stderr.write(`mqtt-scope user: ${password.problem}\n`)
        return 1
      }
      const hash = await hashPassword(password)
      writeAtomically(usersFile, withUser(file, name!, hash))
      process.stdout.write(`${file.users.has(name!) ? 'changed the password of' : 'added'} user "${name}" in ${usersFile}\n`)
      return 0
    }
  }
}

function parseArgs(args: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  const [action, ...rest] = args
  if (action !== 'add' && action !== 'remove' && action !== 'list')
    throw new UsageError(action === undefined ? 'say add, remove or list' : `unknown action "${action}"`)
  let usersFile = env.MQTT_SCOPE_USERS_FILE ?? ''
  let passwordStdin = false
  const names: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!
    if (arg === '--password-stdin' && action === 'add') passwordStdin = true
    else if (arg === '--users-file' && i + 1 < rest.length) usersFile = rest[++i]!
    else if (arg.startsWith('--users-file=')) usersFile = arg.slice('--users-file='.length)
    else if (arg.startsWith('-')) throw new UsageError(`unknown or incomplete option ${arg}`)
    else names.push(arg)
  }
  if (usersFile === '') throw new UsageError('which file? give --users-file <file> (or MQTT_SCOPE_USERS_FILE)')
  if (action === 'list') {
    if (names.length > 0) throw new UsageError('list takes no name')
    return { action, name: undefined, usersFile, passwordStdin }
  }
  if (names.length !== 1) throw new UsageError(`${action} takes one user name`)
  const problem = userNameProblem(names[0]!)
  if (problem !== undefined) throw new UsageError(problem)
  return { action, name: names[0], usersFile, passwordStdin }
}

/** The parsed file; a missing file is an empty one when it is about to be written. */
function readUsers(usersFile: string, missingIsEmpty: boolean): UsersFile | undefined {
  try {
    return parseUsersFile(readFileSync(usersFile, 'utf8'))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && missingIsEmpty) return parseUsersFile('')
    process.stderr.write(`mqtt-scope user: cannot read ${usersFile} (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})\n`)
    return undefined
  }
}

async function askPassword(fromStdin: boolean): Promise<string | { problem: string }> {
  let password: string | undefined
  if (fromStdin || !process.stdin.isTTY) {
    password = await readPasswordFromStdin()
  } else {
    password = await promptPassword('Password: ')
    if (password !== undefined && password !== (await promptPassword('Password again: '))) return { problem: 'the two passwords differ' }
  }
  if (password === undefined) return { problem: 'cancelled' }
  if (password === '') return { problem: 'the password is empty' }
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return { problem: `the password is longer than ${MAX_PASSWORD_BYTES} bytes` }
  return password
}

/** Writes next to the file and renames over it, so a reader never sees half a file; keeps its mode (0600 when new). */
function writeAtomically(file: string, text: string): void {
  try {
    replaceFile(file, text)
  } catch (error) {
    throw new WriteError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
}

function replaceFile(file: string, text: string): void {
  let mode = 0o600
  try {
    mode = statSync(file).mode & 0o777
  } catch {
    // A new file.
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
  writeFileSync(temporary, text, { mode })
  chmodSync(temporary, mode)
  renameSync(temporary, file)
}
