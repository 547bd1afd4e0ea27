import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_DIR } from '../test-support/start-server.ts'
import { ClientAcl, parseAcl, type AclFile } from './acl.ts'

function aclOf(text: string): AclFile {
  const parsed = parseAcl(text)
  if (parsed.acl === undefined) throw new Error(parsed.problems.join('\n'))
  return parsed.acl
}

const FILE = `
# anonymous clients
topic read public/#

user alice
topic readwrite home/#
topic deny home/secrets/#
topic write logs/alice

user bob
topic read home/+/temperature
topic $SYS/#

pattern readwrite devices/%c/#
pattern read inbox/%u/#
`

describe('parseAcl', () => {
  it('reports every bad line with its number', () => {
    const parsed = parseAcl(
      ['user', 'topic read', 'topic read a/#/b', 'allow everything', 'pattern write x/%c/+#', 'topic $share/g/a', 'topic read ok/#'].join('\n'),
    )
    expect(parsed.problems).toEqual([
      'line 1: "user" needs a user name',
      'line 2: a filter is missing after "topic read"',
      expect.stringMatching(/^line 3: "a\/#\/b": /),
      'line 4: unknown keyword "allow" (expected user, topic or pattern)',
      expect.stringMatching(/^line 5: "x\/%c\/\+#": /),
      expect.stringMatching(/^line 6: "\$share\/g\/a": write the filter without \$share/),
    ])
  })

  it("parses the README's example as it stands", () => {
    const readme = readFileSync(path.join(PROJECT_DIR, 'README.md'), 'utf8')
    const example = /\*\*ACL\.\*\*[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(example).toContain('pattern readwrite devices/%c/#')
    expect(parseAcl(example!).problems).toEqual([])
  })

  it('reads a topic line without an access word as readwrite, and filters with spaces', () => {
    const acl = new ClientAcl(aclOf('topic my room/#'), { username: undefined, clientId: 'c' })
    expect(acl.canWrite('my room/lamp')).toBe(true)
    expect(acl.canRead('my room/lamp')).toBe(true)
  })
})

describe('ClientAcl', () => {
  const acl = aclOf(FILE)
  const alice = new ClientAcl(acl, { username: 'alice', clientId: 'alice-phone' })
  const bob = new ClientAcl(acl, { username: 'bob', clientId: 'sensor-7' })
  const anonymous = new ClientAcl(acl, { username: undefined, clientId: 'guest' })

  it("gives a user the lines of its section, and anonymous clients the lines before any 'user'", () => {
    expect(alice.canWrite('home/kitchen/lamp')).toBe(true)
    expect(alice.canRead('home/kitchen/lamp')).toBe(true)
    expect(alice.canWrite('logs/alice')).toBe(true)
    expect(alice.canRead('logs/alice')).toBe(false) // write only
    expect(alice.canRead('public/news')).toBe(false) // the anonymous lines are not alice's
    expect(bob.canRead('home/kitchen/temperature')).toBe(true)
    expect(bob.canWrite('home/kitchen/temperature')).toBe(false)
    expect(anonymous.canRead('public/news')).toBe(true)
    expect(anonymous.canWrite('public/news')).toBe(false)
    expect(anonymous.canRead('home/kitchen/lamp')).toBe(false)
  })

  it('lets deny win over an allow', () => {
    expect(alice.canRead('home/secrets/safe')).toBe(false)
    expect(alice.canWrite('home/secrets/safe')).toBe(false)
    expect(alice.canSubscribe('home/secrets/#')).toBe(false)
    // A wider filter is allowed; deliveries from under the denied part are not (canRead).
    expect(alice.canSubscribe('home/#')).toBe(true)
  })

  it('allows a subscription that reaches some readable topic, however wide', () => {
    expect(bob.canSubscribe('#')).toBe(true)
    expect(bob.canSubscribe('home/+/temperature')).toBe(true)
    expect(bob.canSubscribe('home/kitchen/#')).toBe(true)
    expect(bob.canSubscribe('home/kitchen/lamp')).toBe(false)
    expect(bob.canSubscribe('$share/team/home/+/temperature')).toBe(true)
    expect(anonymous.canSubscribe('home/#')).toBe(false)
  })

  it("keeps $SYS out of '#' [MQTT-4.7.2-1]: it needs a rule of its own", () => {
    expect(alice.canRead('$SYS/broker/uptime')).toBe(false)
    expect(alice.canSubscribe('$SYS/#')).toBe(false)
    expect(bob.canRead('$SYS/broker/uptime')).toBe(true)
    expect(bob.canSubscribe('$SYS/#')).toBe(true)
  })

  it('fills %c with the client id and %u with the user name', () => {
    expect(bob.canWrite('devices/sensor-7/state')).toBe(true)
    expect(bob.canWrite('devices/sensor-8/state')).toBe(false)
    expect(bob.canRead('inbox/bob/1')).toBe(true)
    expect(bob.canRead('inbox/alice/1')).toBe(false)
    expect(anonymous.canWrite('devices/guest/x')).toBe(true)
    // %u does not apply without a user name.
    expect(anonymous.canSubscribe('inbox/#')).toBe(false)
  })

  it('gives nothing through a pattern to a client id or user name with /, + or #', () => {
    for (const clientId of ['#', '+', 'sensor-7/x', 'a+b']) {
      const client = new ClientAcl(acl, { username: 'bob', clientId })
      expect(client.canSubscribe('devices/#'), clientId).toBe(false)
      expect(client.canWrite('devices/sensor-7/x/state'), clientId).toBe(false)
    }
    const slashUser = new ClientAcl(acl, { username: 'bob/../alice', clientId: 'c' })
    expect(slashUser.canSubscribe('inbox/#')).toBe(false)
  })

  it('denies everything through a deny pattern it cannot fill in safely', () => {
    const denying = aclOf('topic readwrite #\npattern deny private/%c/#')
    expect(new ClientAcl(denying, { username: undefined, clientId: 'ok' }).canWrite('public')).toBe(true)
    expect(new ClientAcl(denying, { username: undefined, clientId: 'ok' }).canWrite('private/ok/x')).toBe(false)
    expect(new ClientAcl(denying, { username: undefined, clientId: '#' }).canWrite('public')).toBe(false)
  })

  it('allows nothing to a user without a section and no pattern that fits', () => {
    const stranger = new ClientAcl(aclOf('user alice\ntopic #'), { username: 'mallory', clientId: 'm' })
    expect(stranger.canRead('a')).toBe(false)
    expect(stranger.canSubscribe('#')).toBe(false)
  })
})
