import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import type { Redis } from 'ioredis'
import { DataDirError } from '../broker/persistence.ts'
import { nodeIdProblem } from './cluster-url.ts'

/** Where a node keeps its id when --node-id is not given: beside the broker's folder. */
export const NODE_ID_FILE = 'node-id'

/**
 * --node-id, or the id kept in `<data dir>/node-id` (made the first time: this host's name and a
 * few random characters), so a restarted node comes back under its name. With --memory there is
 * no folder to keep it in: a new id per start.
 */
export function resolveNodeId(settings: { readonly nodeId: string; readonly dataDir: string; readonly memory: boolean }): string {
  if (settings.nodeId !== '') return settings.nodeId
  const fresh = `${
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '')
      .slice(0, 40) || 'node'
  }-${randomBytes(3).toString('hex')}`
  if (settings.memory) return fresh
  const root = path.resolve(settings.dataDir)
  const file = path.join(root, NODE_ID_FILE)
  let kept: string | undefined
  try {
    kept = readFileSync(file, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new DataDirError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code}): give --node-id`)
  }
  if (kept !== undefined) {
    const problem = nodeIdProblem(kept)
    if (problem !== undefined) throw new DataDirError(`${file}: ${problem}; fix the file or give --node-id`)
    return kept
  }
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 })
    writeFileSync(file, `${fresh}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    // Another process made it a moment ago: its id is the one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim()
    throw new DataDirError(
      `cannot keep the node id in ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): give --node-id or another --data-dir`,
    )
  }
  return fresh
}

/** Two live nodes under one id: the second one is refused. */
export class NodeIdInUseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NodeIdInUseError'
  }
}

const KEY_PREFIX = 'mqtt-scope:node:'
/** Live node ids, scored by when their lease ends (epoch ms): the cluster's member list. */
export const NODES_KEY = 'mqtt-scope:nodes'

/** Renew the lease if it is ours, take it if it is free; 0 when another instance holds it. */
const RENEW = `
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2])
elseif holder then return 0
else redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
redis.call('zadd', KEYS[2], ARGV[3], ARGV[4])
return 1`
const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) redis.call('zrem', KEYS[2], ARGV[2]) end
return 1`

/**
 * A node id held in Redis: `mqtt-scope:node:<id>` = this process's instance id, with a lifetime of
 * 3 heartbeats, renewed every heartbeat. A second node with the same id finds the key renewed and
 * is refused; a node that was killed leaves a key that runs out, so its restart waits at most that
 * long.
 */
export class NodeLease {
  readonly #redis: Redis
  readonly #key: string
  readonly #ttlMs: number

  constructor(
    redis: Redis,
    readonly nodeId: string,
    readonly instanceId: string,
    readonly heartbeatMs: number,
  ) {
    this.#redis = redis
    this.#key = KEY_PREFIX + nodeId
    this.#ttlMs = 3 * heartbeatMs
  }

  /**
   * Takes the id. When a key is there, waits for it to run out (a node that died), and refuses as
   * soon as it is renewed (a node that lives). `onWait` hears once that we wait.
   */
  async acquire(onWait: (ms: number) => void): Promise<void> {
    const deadline = Date.now() + this.#ttlMs + this.heartbeatMs
    let lastTtl: number | undefined
    for (;;) {
      if ((await this.#redis.set(this.#key, this.instanceId, 'PX', this.#ttlMs, 'NX')) === 'OK') {
        await this.renew()
        return
      }
      const ttl = await this.#redis.pttl(this.#key)
      if (lastTtl === undefined && ttl > 0) onWait(ttl)
      const renewed = lastTtl !== undefined && ttl > lastTtl + 20
      if (renewed || Date.now() > deadline) {
        throw new NodeIdInUseError(
          `node id "${this.nodeId}" is in use by another live node of this cluster (it renews its lease in Redis every ${this.heartbeatMs / 1000} s): ` +
            'give this node another --node-id (or another --data-dir, where its id is kept)',
        )
      }
      lastTtl = ttl
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(ttl, 20))))
    }
  }

  /** Renews the lease and the member list entry; false when another instance took the id. */
  async renew(): Promise<boolean> {
    const until = Date.now() + this.#ttlMs
    const result = await this.#redis.eval(RENEW, 2, this.#key, NODES_KEY, this.instanceId, this.#ttlMs, until, this.nodeId)
    return result === 1
  }

  async release(): Promise<void> {
    await this.#redis.eval(RELEASE, 2, this.#key, NODES_KEY, this.instanceId, this.nodeId)
  }
}

/** The ids of the nodes whose lease has not run out, sorted. */
export async function liveNodeIds(redis: Redis): Promise<string[]> {
  const now = Date.now()
  // Members whose lease ended long ago are left by nodes that died: drop them.
  void redis.zremrangebyscore(NODES_KEY, '-inf', now - 3_600_000).catch(() => {})
  const ids = await redis.zrangebyscore(NODES_KEY, now, '+inf')
  return ids.sort()
}
