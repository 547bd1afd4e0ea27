import { describe, expect, it } from 'vitest'
import { parseUsersFile, userNameProblem, withoutUser, withUser } from './users-file.ts'

const HASH_A = '$scrypt$N=1024,r=8,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5'
const HASH_B = '$scrypt$N=1024,r=8,p=1$dGxhc3RsYXN0bGFz$eWVreWVreWVreWVreWVreWVreWVreWVr'

describe('the users file', () => {
  it('reads name:hash lines and skips comments and blank lines', () => {
    const file = parseUsersFile(`# users\n\nalice:${HASH_A}\r\n  bob:${HASH_B}  \n`)
    expect(file.problems).toEqual([])
    expect([...file.users]).toEqual([
      ['alice', HASH_A],
      ['bob', HASH_B],
    ])
  })

  it('names every bad line by its number', () => {
    const file = parseUsersFile(['ok:' + HASH_A, 'no-colon', 'bad name:' + HASH_A, 'carol:plaintext', 'ok:' + HASH_B].join('\n'))
    expect(file.problems).toEqual([
      'line 2: expected name:hash',
      'line 3: a user name cannot contain spaces or control characters',
      'line 4: not a $scrypt$ hash (make one with: mqtt-scope user add <name>)',
      'line 5: user "ok" is listed twice',
    ])
    expect([...file.users.keys()]).toEqual(['ok'])
  })

  it.each([
    ['', 'empty'],
    ['a:b', ':'],
    ['tab\there', 'spaces or control'],
    ['nul\u0000', 'spaces or control'],
    ['x'.repeat(257), 'longer than 256'],
    ['\uD800', 'UTF-8'],
  ])('refuses the user name %j', (name, problem) => {
    expect(userNameProblem(name)).toContain(problem)
  })

  it('accepts names an MQTT client may send, non-ASCII included', () => {
    for (const name of ['alice', 'device-42', 'zoë', 'a.b@c', '用户']) expect(userNameProblem(name)).toBeUndefined()
  })

  it('adds, replaces and removes a user, keeping the other lines as they were', () => {
    const original = parseUsersFile(`# team\nalice:${HASH_A}\n# end\n`)
    const added = withUser(original, 'bob', HASH_B)
    expect(added).toBe(`# team\nalice:${HASH_A}\n# end\nbob:${HASH_B}\n`)
    const replaced = withUser(parseUsersFile(added), 'alice', HASH_B)
    expect(replaced).toBe(`# team\nalice:${HASH_B}\n# end\nbob:${HASH_B}\n`)
    expect(withoutUser(parseUsersFile(replaced), 'alice')).toBe(`# team\n# end\nbob:${HASH_B}\n`)
    expect(withUser(parseUsersFile(''), 'first', HASH_A)).toBe(`first:${HASH_A}\n`)
  })
})
