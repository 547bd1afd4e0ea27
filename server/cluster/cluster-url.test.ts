import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config.ts'
import { nodeIdProblem, parseClusterUrl } from './cluster-url.ts'

describe('parseClusterUrl', () => {
  it('reads host, port, user, password, database and TLS', () => {
    expect(parseClusterUrl('redis://127.0.0.1:6390')).toEqual({
      tls: false,
      host: '127.0.0.1',
      port: 6390,
      username: undefined,
      password: undefined,
      db: 0,
      display: 'redis://127.0.0.1:6390',
    })
    expect(parseClusterUrl('rediss://scope:s%40cret@redis.example:6380/3')).toEqual({
      tls: true,
      host: 'redis.example',
      port: 6380,
      username: 'scope',
      password: 's@cret',
      db: 3,
      display: 'rediss://scope:***@redis.example:6380/3',
    })
    expect(parseClusterUrl('redis://:only-password@[::1]')).toMatchObject({ host: '::1', port: 6379, username: undefined, password: 'only-password' })
  })

  it.each([
    ['http://127.0.0.1:6379', 'is not a redis:// or rediss:// URL'],
    ['127.0.0.1:6379', 'is not a redis:// or rediss:// URL'],
    ['redis://', 'names no host'],
    ['redis://host:99999', 'is not a valid URL'],
    ['redis://host:0', 'port 0 is not a Redis port'],
    ['redis://host/db1', 'the path must be a database number'],
    ['redis://host/1?family=6', 'no ?query or #fragment'],
    ['redis://user:p%zz@host', 'broken %-escape'],
  ])('refuses %s', (text, problem) => {
    const result = parseClusterUrl(text)
    expect('problem' in result && result.problem).toContain(problem)
  })

  it('never repeats a password in a problem', () => {
    const result = parseClusterUrl('redis://user:hunter2@host/x')
    expect('problem' in result && result.problem).toBe('"redis://user:***@host/x": the path must be a database number such as /0, not "/x"')
  })
})

describe('--cluster, --node-id and --cluster-heartbeat in the config', () => {
  it('takes them from flags and MQTT_SCOPE_CLUSTER', () => {
    const parsed = parseConfig(['--node-id', 'lab-1', '--cluster-heartbeat', '2'], { MQTT_SCOPE_CLUSTER: 'redis://127.0.0.1:6379/2' })
    expect(parsed.kind === 'config' && [parsed.config.cluster, parsed.config.nodeId, parsed.config.clusterHeartbeat]).toEqual([
      'redis://127.0.0.1:6379/2',
      'lab-1',
      2,
    ])
  })

  it('names the flag or variable of each problem', () => {
    expect(parseConfig(['--cluster', 'http://x'])).toEqual({ kind: 'invalid', problems: ['--cluster: "http://x" is not a redis:// or rediss:// URL'] })
    expect(parseConfig([], { MQTT_SCOPE_CLUSTER: 'redis://h/x' })).toMatchObject({
      kind: 'invalid',
      problems: [expect.stringMatching(/^MQTT_SCOPE_CLUSTER: /)],
    })
    expect(parseConfig(['--node-id', 'a/b', '--cluster-heartbeat', '2'])).toEqual({
      kind: 'invalid',
      problems: [
        '--node-id needs --cluster',
        '--node-id: "a/b" is not a node id: use 1 to 64 letters, digits, "_", "-" or "."',
        '--cluster-heartbeat needs --cluster',
      ],
    })
  })

  it('accepts the node id alphabet only', () => {
    expect(nodeIdProblem('node-1.lab_2')).toBeUndefined()
    for (const bad of ['', 'a b', 'a+b', 'a#', '$SYS', 'x'.repeat(65), 'a:b']) expect(nodeIdProblem(bad)).toBeDefined()
  })
})
