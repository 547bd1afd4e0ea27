import mqtt from 'mqtt'
import type { ConnectOptions } from '../model/connection-types.ts'
import { LIMITS } from '../model/limits.ts'
import { propertiesToPublish, type RecordedMessage } from '../model/recording-jsonl.ts'
import type { RestoreProgress } from '../model/retained-types.ts'
import { browserTransport, type BridgeTransport } from './bridge-dialer.ts'
import { brokerLimits, publishProblem } from './publish-packet.ts'
import { connackReason } from './reason-codes.ts'
import { sendPipelined } from './pipelined-sends.ts'
import { sideConnection } from './side-connection.ts'

export interface RestoreLimits {
  readonly concurrency: number
  readonly timeoutMs: number
  readonly reportedReasons: number
}

export type RestoreState = Omit<RestoreProgress, 'id'>

/**
 * Publishes every message retained, `concurrency` in flight, each bounded by `timeoutMs`; a
 * publish that rejects is a refusal, counted by its reason (the first topic kept as an example).
 * `onProgress` after every settled publish (the caller throttles) and once with finished = true.
 */
export async function restoreMessages(
  messages: readonly RecordedMessage[],
  publish: (message: RecordedMessage) => Promise<void>,
  onProgress: (state: RestoreState) => void,
  limits: RestoreLimits = LIMITS.retainedView,
): Promise<RestoreState> {
  let done = 0
  let refused = 0
  const reasons = new Map<string, { count: number; topic: string }>()
  const state = (finished: boolean): RestoreState => ({
    total: messages.length,
    done,
    refused,
    finished,
    reasons: [...reasons]
      .map(([reason, r]) => ({ reason, count: r.count, topic: r.topic }))
      .sort((a, b) => b.count - a.count)
      .slice(0, limits.reportedReasons),
  })
  await sendPipelined(messages, publish, limits, 'not acknowledged', (message, error) => {
    if (error === undefined) done++
    else {
      refused++
      const reason = error instanceof Error ? error.message : String(error)
      const seen = reasons.get(reason)
      // Distinct reasons are bounded: past the budget, new ones are only counted.
      if (seen) seen.count++
      else if (reasons.size < limits.reportedReasons * 4) reasons.set(reason, { count: 1, topic: message.topic })
    }
    onProgress(state(false))
  })
  const final = state(true)
  onProgress(final)
  return final
}

export interface RestoreTarget {
  publish(message: RecordedMessage): Promise<void>
  end(): void
}

/**
 * A connection of its own to the broker `options` reach (the current one, or another profile's
 * for a migration), through the bridge when the URL is mqtt(s)://. Each publish is checked
 * against the broker's CONNACK limits first (a message the broker would drop the connection for is
 * refused here) and carries its exact bytes and MQTT 5 properties. Once the connection closes,
 * every publish still waiting fails with the reason (MQTT.js would never settle a QoS > 0 one).
 */
export async function openRestoreTarget(options: ConnectOptions, transport: BridgeTransport = browserTransport): Promise<RestoreTarget> {
  const { url, clientOptions } = await sideConnection(options, 'restore', 10_000, transport)
  const client = mqtt.connect(url, clientOptions)
  const v5 = options.protocolVersion === 5
  let closed: string | undefined
  let lastError: string | undefined
  const waiting = new Set<(reason: string) => void>()
  const connack = await new Promise<mqtt.IConnackPacket>((resolve, reject) => {
    client.once('connect', resolve)
    client.on('error', (error) => {
      lastError = error.message || lastError
    })
    client.once('close', () => reject(new Error(lastError ?? 'the connection closed before the broker accepted it')))
  })
  const limits = v5 ? brokerLimits(connack.properties) : undefined
  client.on('close', () => {
    closed = lastError ? `connection closed: ${lastError}` : 'the connection closed'
    for (const fail of waiting) fail(closed)
    waiting.clear()
  })
  return {
    async publish(message) {
      if (closed !== undefined) throw new Error(closed)
      const problem = publishProblem({ topic: message.topic, payload: message.payload, qos: message.qos, retain: true }, limits, v5)
      if (problem !== undefined) throw new Error(problem)
      const properties = v5 ? propertiesToPublish(message.properties) : undefined
      let fail: ((reason: string) => void) | undefined
      const failed = new Promise<never>((_, reject) => {
        fail = (reason) => reject(new Error(reason))
        waiting.add(fail)
      })
      try {
        const sent = client.publishAsync(message.topic, message.payload as unknown as Buffer, {
          qos: message.qos,
          retain: true,
          ...(properties ? { properties } : {}),
        })
        const packet = await Promise.race([sent, failed])
        const code = (packet as { reasonCode?: number } | undefined)?.reasonCode
        if (code !== undefined && code >= 0x80) throw new Error(connackReason(code, 5))
      } finally {
        waiting.delete(fail!)
      }
    },
    end() {
      client.end(true)
    },
  }
}
