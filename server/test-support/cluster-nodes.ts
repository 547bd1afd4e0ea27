import { spawnServer, type ServerProcess } from './start-server.ts'

/** Heartbeat of test nodes, in seconds: a killed node counts as dead after 3, its wills follow within 4 more. */
export const TEST_HEARTBEAT_S = 1

/** A cluster node as the real command on ephemeral ports, data in memory unless `flags` say otherwise. */
export function spawnNode(redisUrl: string, nodeId: string, flags: readonly string[] = []): Promise<ServerProcess> {
  return spawnServer(['--cluster', redisUrl, '--node-id', nodeId, '--cluster-heartbeat', String(TEST_HEARTBEAT_S), '--log-level', 'info', ...flags])
}
