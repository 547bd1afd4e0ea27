/** The embedded broker: what one client may cost it, and where it keeps its data. */
import { homedir } from 'node:os'
import path from 'node:path'
import { DEFAULT_BROKER_LIMITS } from '../broker/broker-limits.ts'
import type { OptionSpec } from './option-spec.ts'

/**
 * Where the broker keeps its data unless --data-dir says otherwise: $XDG_DATA_HOME/mqtt-scope, or
 * ~/.local/share/mqtt-scope (the XDG default), so an installed command keeps one store wherever
 * it is started from.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.local', 'share')
  return path.join(base, 'mqtt-scope')
}

export const BROKER_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--max-packet-size',
    key: 'maxPacketSize',
    env: 'MQTT_SCOPE_MAX_PACKET_SIZE',
    kind: 'integer',
    min: 128,
    max: 268_435_460,
    valueName: 'bytes',
    defaultValue: DEFAULT_BROKER_LIMITS.maxPacketBytes,
    help: 'Largest MQTT packet a client may send to the embedded broker; a larger one closes the connection as soon as its header says so.',
  },
  {
    flag: '--max-connections',
    key: 'maxConnections',
    env: 'MQTT_SCOPE_MAX_CONNECTIONS',
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    valueName: 'count',
    defaultValue: DEFAULT_BROKER_LIMITS.maxConnections,
    help: 'MQTT connections the embedded broker keeps open at once (TCP and WebSocket together); more are closed at once.',
  },
  {
    flag: '--connect-timeout',
    key: 'connectTimeout',
    env: 'MQTT_SCOPE_CONNECT_TIMEOUT',
    kind: 'integer',
    min: 1,
    max: 3600,
    valueName: 'seconds',
    defaultValue: DEFAULT_BROKER_LIMITS.connectTimeoutMs / 1000,
    help: 'Time a new MQTT connection gets to send its CONNECT.',
  },
  {
    flag: '--max-queued-bytes',
    key: 'maxQueuedBytes',
    env: 'MQTT_SCOPE_MAX_QUEUED_BYTES',
    kind: 'integer',
    min: 16 * 1024,
    max: 1024 * 1024 * 1024,
    valueName: 'bytes',
    defaultValue: DEFAULT_BROKER_LIMITS.maxQueuedBytes,
    help: 'Bytes waiting to be sent to one client past which new messages for it are dropped (and counted) instead of queued.',
  },
  {
    flag: '--drain-timeout',
    key: 'drainTimeout',
    env: 'MQTT_SCOPE_DRAIN_TIMEOUT',
    kind: 'integer',
    min: 1,
    max: 3600,
    valueName: 'seconds',
    defaultValue: DEFAULT_BROKER_LIMITS.drainTimeoutMs / 1000,
    help: 'A client that takes none of the data waiting for it (64 KiB or more) for this long is disconnected.',
  },
  {
    flag: '--max-inflight',
    key: 'maxInflight',
    env: 'MQTT_SCOPE_MAX_INFLIGHT',
    kind: 'integer',
    min: 1,
    max: 65_535,
    valueName: 'count',
    defaultValue: DEFAULT_BROKER_LIMITS.maxInflight,
    help: 'QoS 2 messages one client may have sent without completing them (waiting for its PUBREL); one more closes the connection.',
  },
  {
    flag: '--sys-interval',
    key: 'sysInterval',
    env: 'MQTT_SCOPE_SYS_INTERVAL',
    kind: 'integer',
    min: 0,
    max: 86_400,
    valueName: 'seconds',
    defaultValue: DEFAULT_BROKER_LIMITS.sysIntervalMs / 1000,
    help: 'How often the broker publishes its statistics under $SYS/broker/ (retained); 0: never.',
  },
  {
    flag: '--data-dir',
    key: 'dataDir',
    env: 'MQTT_SCOPE_DATA_DIR',
    kind: 'path',
    valueName: 'folder',
    defaultValue: defaultDataDir(),
    help:
      'Folder where the broker keeps retained messages, persistent sessions (subscriptions, queued QoS 1/2 messages) and wills, ' +
      'in <folder>/broker (LevelDB); they survive a restart and a crash. Created if missing. One server per folder.',
  },
  {
    flag: '--memory',
    key: 'memory',
    env: 'MQTT_SCOPE_MEMORY',
    kind: 'flag',
    defaultValue: false,
    help: 'Keep everything in memory instead: a restart starts empty.',
  },
]
