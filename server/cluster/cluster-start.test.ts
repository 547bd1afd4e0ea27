import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../test-support/ports.ts'
import { runCli } from '../test-support/processes.ts'
import { RedisServer } from '../test-support/redis-server.ts'
import { spawnServer } from '../test-support/start-server.ts'
import { NODE_ID_FILE } from './node-identity.ts'

/** Starting a cluster node: bad flags, Redis not there, the id kept in the data folder. */
let redis: RedisServer
let dataDir: string

beforeAll(async () => {
  redis = await RedisServer.start()
  dataDir = await mkdtemp(path.join(tmpdir(), 'mqtt-scope-node-'))
})

afterAll(async () => {
  await redis?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

describe('starting a cluster node', () => {
  it('exits 2 naming --cluster when its URL is malformed', async () => {
    const result = await runCli(['--cluster', 'redis://127.0.0.1:6379/not-a-db'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--cluster: "redis://127.0.0.1:6379/not-a-db": the path must be a database number such as /0, not "/not-a-db"')
  })

  it('exits 1 with the reason when Redis is not there (after trying for 10 s)', async () => {
    const port = await freePort()
    const startedAt = Date.now()
    const result = await runCli(['--http-port', '0', '--mqtt-port', '0', '--cluster', `redis://127.0.0.1:${port}`], { ms: 20_000 })
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe(
      `mqtt-scope: cannot use the cluster store redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port} (tried for 10 s); start Redis there or correct --cluster`,
    )
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(9_000)
  }, 30_000)

  it('exits 1 at once when Redis refuses (a database that does not exist)', async () => {
    const result = await runCli(['--http-port', '0', '--mqtt-port', '0', '--cluster', `${redis.url}/99`], { ms: 20_000 })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`mqtt-scope: cannot use the cluster store ${redis.url}/99: ERR DB index is out of range`)
  })

  it('keeps its node id in the data folder: the same id after a restart', async () => {
    const first = await spawnServer(['--cluster', redis.url, '--data-dir', dataDir, '--cluster-heartbeat', '1'])
    const id = (await readFile(path.join(dataDir, NODE_ID_FILE), 'utf8')).trim()
    expect(id).toMatch(/^[A-Za-z0-9_.-]+-[0-9a-f]{6}$/)
    expect(first.output()).toContain(`Broker data:         ${redis.url} (cluster node "${id}")`)
    expect(await first.stop('SIGTERM')).toBe(0)
    // A clean stop gives the id back at once: no wait for the lease.
    const second = await spawnServer(['--cluster', redis.url, '--data-dir', dataDir, '--cluster-heartbeat', '1'])
    expect(second.output()).toContain(`(cluster node "${id}")`)
    expect(await second.stop('SIGTERM')).toBe(0)
  })
})
