import { LIMITS } from './limits.ts'
import { SPARKPLUG_MESSAGE_TYPES } from './sparkplug-topic.ts'

export type SparkplugState = 'online' | 'offline'

const PREFIX = 'spBv1.0/'
const TYPES: ReadonlySet<string> = new Set(SPARKPLUG_MESSAGE_TYPES)

/**
 * The node or device a topic (or a tree row's topic) speaks for: `group/node` for
 * spBv1.0/<group>/<type>/<node>, `group/node/device` for spBv1.0/<group>/<type>/<node>/<device>
 * (a row of any message type: the NDATA, DDATA and NBIRTH rows of one node all show its state).
 */
function sourceOf(topic: string): { key: string; node: string; type: string; device: boolean } | undefined {
  if (!topic.startsWith(PREFIX)) return undefined
  const levels = topic.split('/')
  if (levels.length < 4 || levels.length > 5) return undefined
  const [, group, type, node, device] = levels as [string, string, string, string, string | undefined]
  if (group === '' || group === 'STATE' || node === '' || device === '' || !TYPES.has(type)) return undefined
  const nodeKey = `${group}/${node}`
  return device === undefined ? { key: nodeKey, node: nodeKey, type, device: false } : { key: `${nodeKey}/${device}`, node: nodeKey, type, device: true }
}

/**
 * Online / offline state of Sparkplug B edge nodes and devices, from the topic names alone (no
 * decoding on the hot path): NBIRTH / DBIRTH make a node / device online, NDEATH / DDEATH offline,
 * and a node's death takes its devices offline (Sparkplug: they are offline once their node is).
 * Other messages change nothing, so a node seen only through its DATA has no state (none shown).
 * Bounded: at most `max` entries; the least recently changed is forgotten first.
 */
export class SparkplugStates {
  readonly #states = new Map<string, SparkplugState>()
  /** Devices per node key, for a node's death. */
  readonly #devices = new Map<string, Set<string>>()
  readonly #max: number

  constructor(max: number = LIMITS.sparkplugStates) {
    this.#max = max
  }

  /** Notes a message on `topic`; true when a state changed. A cheap prefix test for every other topic. */
  note(topic: string): boolean {
    if (!topic.startsWith(PREFIX)) return false
    const source = sourceOf(topic)
    if (!source) return false
    switch (source.type) {
      case source.device ? 'DBIRTH' : 'NBIRTH':
        return this.#set(source.key, 'online', source)
      case source.device ? 'DDEATH' : 'NDEATH': {
        let changed = this.#set(source.key, 'offline', source)
        if (!source.device) for (const device of this.#devices.get(source.key) ?? []) changed = this.#set(device, 'offline') || changed
        return changed
      }
      default:
        return false
    }
  }

  /** The state a tree row shows: its node's or device's, if a BIRTH or DEATH was seen. */
  stateOf(topic: string): SparkplugState | undefined {
    if (!topic.startsWith(PREFIX) || this.#states.size === 0) return undefined
    const source = sourceOf(topic)
    return source && this.#states.get(source.key)
  }

  get size(): number {
    return this.#states.size
  }

  clear(): void {
    this.#states.clear()
    this.#devices.clear()
  }

  #set(key: string, state: SparkplugState, source?: { node: string; device: boolean }): boolean {
    const before = this.#states.get(key)
    // Re-inserted so Map order is the order of last change: the first key is the one to forget.
    this.#states.delete(key)
    this.#states.set(key, state)
    if (source?.device) {
      let devices = this.#devices.get(source.node)
      if (!devices) this.#devices.set(source.node, (devices = new Set()))
      devices.add(key)
    }
    while (this.#states.size > this.#max) this.#forget(this.#states.keys().next().value!)
    return before !== state
  }

  #forget(key: string): void {
    this.#states.delete(key)
    this.#devices.delete(key)
    const node = key.split('/').slice(0, 2).join('/')
    this.#devices.get(node)?.delete(key)
  }
}
