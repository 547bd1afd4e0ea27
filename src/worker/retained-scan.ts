import mqtt from 'mqtt'
import { LIMITS } from '../model/limits.ts'
import type { TopicNode } from '../model/topic-tree.ts'
import { browserTransport, type BridgeTransport } from './bridge-dialer.ts'
import { sideConnection } from './side-connection.ts'
import type { ConnectOptions } from '../model/connection-types.ts'

/** A retained message as a scan received it (the Retained view keeps these; the clear scan only its topic). */
export interface ScannedMessage {
  readonly payload: Uint8Array
  readonly qos: 0 | 1 | 2
  /** MQTT.js's packet.properties (MQTT 5), undefined under 3.1.1. */
  readonly properties: Readonly<Record<string, unknown>> | undefined
}

/** The slice of an MQTT.js client a scan uses (a fake in tests). */
export interface ScanClient {
  onConnect(listener: () => void): void
  onMessage(listener: (topic: string, payloadLength: number, retain: boolean, message?: ScannedMessage) => void): void
  /** Closed or failed before the scan ended: why. */
  onFailure(listener: (reason: string) => void): void
  /**
   * One SUBSCRIBE for all filters, at `qos` (default 0; the Retained view asks for 2 so that each
   * message comes at the QoS it was published with); `refused` lists the filters the broker refused.
   */
  subscribe(filters: readonly string[], done: (refused: readonly string[], error?: string) => void, qos?: 0 | 1 | 2): void
  end(): void
}

export interface ScanResult {
  readonly topics: Set<string>
  /** Stopped by the overall time bound while retained messages were still coming. */
  readonly partial: boolean
  /** Stopped because the sink refused a message (its budget was full). */
  readonly cut?: boolean
  readonly error?: string
}

export interface ScanLimits {
  readonly quietMs: number
  readonly scanMs: number
}

/**
 * Asks the broker which topics at or below `topic` hold a retained message: subscribes to
 * `topic/#` and `topic` on its own connection and collects the messages that arrive with the
 * retain flag and a payload (a retained message is sent on subscribe with retain = 1 in MQTT 3.1.1
 * and 5 alike [MQTT-3.3.1-8]; live messages in 3.1.1 come with retain = 0 [MQTT-3.3.1-9] and are
 * ignored). The broker sends retained messages right after the SUBACK, so the scan ends once
 * `quietMs` pass without another one after the SUBACK, and after `scanMs` whatever happens.
 * The tree cannot answer this itself: under 3.1.1 a retained message that was set while we were
 * subscribed arrived without its flag.
 */
export function scanRetained(client: ScanClient, topic: string, limits: ScanLimits = LIMITS.retained): Promise<ScanResult> {
  return scanFilters(client, subtreeFilters(topic), limits)
}

/**
 * The filters of `topic` and everything below it. '#' also matches its parent level [MQTT-4.7.1-2];
 * the topic itself is asked for too, for brokers that get this wrong. An empty first level ("/a")
 * has no topic of its own to ask for.
 */
export function subtreeFilters(topic: string): string[] {
  return topic === '' ? ['/#'] : [`${topic}/#`, topic]
}

/**
 * What a scan does with each retained message beyond noting its topic (the Retained view keeps
 * it); false ends the scan at once with `cut` (a budget is full).
 */
export interface ScanSink {
  readonly qos: 0 | 1 | 2
  accept(topic: string, message: ScannedMessage): boolean
}

/** The same scan over any filters (the tracker's rescan: every subscribed filter). */
export function scanFilters(client: ScanClient, filters: readonly string[], limits: ScanLimits = LIMITS.retained, sink?: ScanSink): Promise<ScanResult> {
  return new Promise((resolve) => {
    const topics = new Set<string>()
    let subscribed = false
    let finished = false
    let quiet: ReturnType<typeof setTimeout> | undefined
    /** When the last retained message came: the quiet timer re-arms itself from it. */
    let lastAt = 0
    const finish = (result: { partial: boolean; error?: string; cut?: boolean }) => {
      if (finished) return
      finished = true
      clearTimeout(quiet)
      clearTimeout(overall)
      client.end()
      resolve({ topics, ...result })
    }
    // One timer, not one per message (100,000 retained messages would be 100,000 timers): when it
    // fires early it waits out the rest of the quiet time since the last message.
    const armQuiet = (ms: number = limits.quietMs) => {
      quiet = setTimeout(() => {
        const left = lastAt + limits.quietMs - Date.now()
        if (left > 0) armQuiet(left)
        else finish({ partial: false })
      }, ms)
    }
    const overall = setTimeout(
      () => finish(subscribed ? { partial: true } : { partial: true, error: `the broker did not answer within ${limits.scanMs / 1000} s` }),
      limits.scanMs,
    )

    client.onConnect(() => {
      client.subscribe(
        filters,
        (refused, error) => {
          if (error !== undefined || refused.length === filters.length) {
            finish({ partial: false, error: error ?? `the broker refused the subscription to ${refused.join(' and ')}` })
            return
          }
          subscribed = true
          lastAt = Date.now()
          armQuiet()
        },
        sink?.qos,
      )
    })
    client.onMessage((name, payloadLength, retain, message) => {
      if (finished || !retain || payloadLength === 0) return
      if (sink && message && !sink.accept(name, message)) {
        finish({ partial: false, cut: true })
        return
      }
      topics.add(name)
      lastAt = Date.now()
    })
    client.onFailure((reason) => finish({ partial: !subscribed, error: reason }))
  })
}

/** The topics at or below `node` (just `node` unless `subtree`) that the tree knows to be retained. */
export function knownRetained(node: TopicNode, subtree: boolean): string[] {
  const out: string[] = []
  if (!subtree) return node.retained ? [node.topic] : out
  const stack: TopicNode[] = [node]
  while (stack.length > 0) {
    const n = stack.pop()!
    if (n.retained) out.push(n.topic)
    // retainedInSubtree counts retained topics below, self included: skip subtrees without any.
    if (n.children) for (const child of n.children.values()) if (child.retainedInSubtree > 0) stack.push(child)
  }
  return out
}

/** A scan client that can also take its subscriptions back (the retained probe keeps one open). */
export interface ProbeClient extends ScanClient {
  unsubscribe(filters: readonly string[]): void
}

/**
 * A second MQTT.js connection with the session's URL, credentials and protocol, a random client
 * id and a clean session. Through the bridge it gets a ticket of its own first (a refusal rejects).
 */
export async function openScanClient(options: ConnectOptions, transport: BridgeTransport = browserTransport): Promise<ProbeClient> {
  const { url, clientOptions } = await sideConnection(options, 'scan', 5_000, transport).catch((error: unknown) => {
    throw new Error(`scan connection: ${error instanceof Error ? error.message : String(error)}`)
  })
  const client = mqtt.connect(url, clientOptions)
  let lastError: string | undefined
  client.on('error', (error) => {
    lastError = error.message || lastError
  })
  return {
    onConnect: (listener) => client.on('connect', listener),
    onMessage: (listener) =>
      client.on('message', (topic, payload, packet) =>
        listener(topic, payload.length, packet.retain, { payload, qos: packet.qos, properties: packet.properties }),
      ),
    onFailure: (listener) => client.on('close', () => listener(lastError ? `scan connection: ${lastError}` : 'the scan connection closed')),
    subscribe(filters, done, qos = 0) {
      // MQTT 5: Retain Handling 0 (send the retained messages on every subscribe) and Retain As
      // Published, so a live message's flag says whether it was published retained.
      const v5 = options.protocolVersion === 5
      client.subscribe([...filters], v5 ? { qos, rh: 0, rap: true } : { qos }, (error, _granted, packet) => {
        // On a refusal MQTT.js reports an error; the SUBACK's codes say which filter was refused.
        const codes = packet?.granted as number[] | undefined
        if (!codes) return done([], error?.message ?? 'no SUBACK')
        done(filters.filter((_, i) => (codes[i] ?? 0x80) >= 0x80))
      })
    },
    unsubscribe(filters) {
      client.unsubscribe([...filters])
    },
    end: () => {
      client.end(true)
    },
  }
}
