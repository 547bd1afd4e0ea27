import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MqttScopeServer } from '../create-server.ts'
import { ClientPool } from '../test-support/mqtt-clients.ts'
import { CLI, cleanEnv, type Finished } from '../test-support/processes.ts'
import { PROJECT_DIR, startTestServer } from '../test-support/start-server.ts'
import { withTimeout } from '../test-support/timeout.ts'

let dir: string
const clients = new ClientPool()
const servers: MqttScopeServer[] = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-users-'))
})

afterEach(async () => {
  await clients.closeAll()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** `mqtt-scope user ...` as a user runs it, with `input` piped to its stdin (CI has no terminal). */
function user(args: readonly string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const child = spawn(process.execPath, [CLI, 'user', ...args], { cwd: PROJECT_DIR, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin.end(input)
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return withTimeout(done, 15_000, `mqtt-scope user ${args.join(' ')}`).finally(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
}

async function connackCode(url: string, username: string, password: string): Promise<number> {
  try {
    await clients.connect(url, { username, password })
    return 0
  } catch (error) {
    return (error as { code: number }).code
  }
}

describe('mqtt-scope user', () => {
  it('adds users from piped passwords, lists, changes and removes them; the server takes the result', async () => {
    const file = path.join(dir, 'users')
    expect(await user(['add', 'alice', '--users-file', file], 'first secret\n')).toMatchObject({
      code: 0,
      stdout: `added user "alice" in ${file}\n`,
      stderr: '',
    })
    expect(await user(['add', 'bob', '--password-stdin', `--users-file=${file}`], 'bob pw')).toMatchObject({ code: 0 })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await user(['list', '--users-file', file])).toMatchObject({ code: 0, stdout: 'alice\nbob\n' })
    // No password in the clear, one salted hash per line.
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('first secret')
    expect(text).toMatch(/^alice:\$scrypt\$N=16384,r=8,p=1\$[^$]+\$[^$]+\nbob:\$scrypt\$/)

    const { server, addresses } = await startTestServer(['--users-file', file])
    servers.push(server)
    const url = `mqtt://127.0.0.1:${addresses.mqttPort}`
    expect(await connackCode(url, 'alice', 'first secret')).toBe(0)
    expect(await connackCode(url, 'bob', 'bob pw')).toBe(0)
    expect(await connackCode(url, 'alice', 'first secret\n')).toBe(4)

    expect(await user(['add', 'alice', '--users-file', file], 'second secret\r\n')).toMatchObject({
      code: 0,
      stdout: `changed the password of user "alice" in ${file}\n`,
    })
    expect(await user(['remove', 'bob', '--users-file', file])).toMatchObject({ code: 0, stdout: `removed user "bob" from ${file}\n` })
    expect(await user(['list'], '', { MQTT_SCOPE_USERS_FILE: file })).toMatchObject({ code: 0, stdout: 'alice\n' })

    // The server reads the file when it starts.
    const { server: restarted, addresses: again } = await startTestServer(['--users-file', file])
    servers.push(restarted)
    const url2 = `mqtt://127.0.0.1:${again.mqttPort}`
    expect(await connackCode(url2, 'alice', 'second secret')).toBe(0)
    expect(await connackCode(url2, 'alice', 'first secret')).toBe(4)
    expect(await connackCode(url2, 'bob', 'bob pw')).toBe(4)
  })

  it('keeps comments and other lines when it edits the file', async () => {
    const file = path.join(dir, 'commented')
    await writeFile(file, '# team users\n# ask ops before adding\n')
    await user(['add', 'carol', '--users-file', file], 'pw\n')
    const text = await readFile(file, 'utf8')
    expect(text.startsWith('# team users\n# ask ops before adding\ncarol:$scrypt$')).toBe(true)
  })

  it.each([
    [['add', 'dave'], 'which file?'],
    [['add', '--users-file', 'x'], 'add takes one user name'],
    [['add', 'bad:name', '--users-file', 'x'], 'cannot contain ":"'],
    [['frobnicate', '--users-file', 'x'], 'unknown action "frobnicate"'],
    [['list', 'extra', '--users-file', 'x'], 'list takes no name'],
  ])('refuses %j with exit 2 and the usage', async (args, says) => {
    const result = await user(args, 'pw\n')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(says)
    expect(result.stderr).toContain('Usage:')
  })

  it('refuses an empty password, an unknown user to remove and a missing file to list (exit 1)', async () => {
    const file = path.join(dir, 'errors')
    expect(await user(['add', 'erin', '--users-file', file], '\n')).toMatchObject({ code: 1, stderr: 'mqtt-scope user: the password is empty\n' })
    expect(await user(['remove', 'nobody', '--users-file', file])).toMatchObject({ code: 1, stderr: `mqtt-scope user: there is no user "nobody" in ${file}\n` })
    expect(await user(['list', '--users-file', path.join(dir, 'none')])).toMatchObject({
      code: 1,
      stderr: `mqtt-scope user: cannot read ${path.join(dir, 'none')} (no such file)\n`,
    })
  })

  it('prints its usage with --help', async () => {
    const result = await user(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('mqtt-scope user add <name> [--password-stdin] --users-file <file>')
  })
})
