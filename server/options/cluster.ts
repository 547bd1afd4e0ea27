/** Several mqtt-scope processes as one broker on a shared Redis (server/cluster/). */
import { DEFAULT_HEARTBEAT_SECONDS } from '../cluster/cluster-url.ts'
import type { OptionSpec } from './option-spec.ts'

export const CLUSTER_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--cluster',
    key: 'cluster',
    env: 'MQTT_SCOPE_CLUSTER',
    kind: 'text',
    valueName: 'redis-url',
    defaultValue: '',
    defaultText: 'none (one process on its own)',
    help:
      'Run as one node of a cluster: redis://[user:pass@]host:port[/db] (rediss:// for TLS). Messages, retained messages, ' +
      'persistent sessions, queued QoS 1/2 messages and wills are shared through this Redis instead of --data-dir.',
  },
  {
    flag: '--node-id',
    key: 'nodeId',
    env: 'MQTT_SCOPE_NODE_ID',
    kind: 'text',
    valueName: 'id',
    defaultValue: '',
    defaultText: 'one kept in <data dir>/node-id',
    help: 'This node\'s name in the cluster (letters, digits, "_", "-", "."; up to 64). Two live nodes with one id are refused.',
  },
  {
    flag: '--cluster-heartbeat',
    key: 'clusterHeartbeat',
    env: 'MQTT_SCOPE_CLUSTER_HEARTBEAT',
    kind: 'integer',
    min: 1,
    max: 300,
    valueName: 'seconds',
    defaultValue: DEFAULT_HEARTBEAT_SECONDS,
    help: "How often a node says it is alive. A node silent for 3 heartbeats is dead: the others publish its clients' wills.",
  },
]
