import type { ConnectionState, ConnectOptions, QoS, SubscribeRequest, SubscriptionStatus } from '../model/connection-types.ts'
import type { PacketDirection, TracedPacket } from '../model/packet-types.ts'
import type { BridgeTransport } from './bridge-dialer.ts'
import { MqttSession, type IncomingMessage } from './mqtt-session.ts'

/** What the worker does with the current session's events (those of an ended one never arrive). */
export interface SessionEvents {
  /** Another broker from now on: forget what the previous one sent (before the new session starts). */
  reset(): void
  started(session: MqttSession): void
  /** `reconnected`: a 'connected' state after the first one of this session. */
  onState(state: ConnectionState, reconnected: boolean): void
  onMessage(message: IncomingMessage): void
  onSubscription(filter: string, status: SubscriptionStatus): void
  /** Every control packet of the session (the packet trace). */
  onPacket?(direction: PacketDirection, packet: TracedPacket): void
  /** The session was ended (disconnect, or replaced by another). */
  ended(): void
}

/**
 * The worker's one MQTT session and the switches between sessions (issue 14: choosing another
 * profile while connected). Connect and disconnect run one after the other, never interleaved: the
 * old session is ended (its reconnect timers stopped) before the next one starts, and from the
 * moment another connect is asked for, the old session's events are dropped, so its late
 * messages, states ("closed by you") and retries never reach the tree or the status of the new one.
 * The subscriptions asked for meanwhile are kept and go to whichever session comes next.
 */
export class SessionSwitch {
  readonly #events: SessionEvents
  readonly #transport: BridgeTransport | undefined
  #session: MqttSession | undefined
  /** Bumped by every connect and after every disconnect: only the newest session's events count. */
  #generation = 0
  #queue: Promise<void> = Promise.resolve()
  /** What the next session subscribes to: the connect's list, plus (un)subscribes since. */
  #wanted = new Map<string, QoS>()

  constructor(events: SessionEvents, transport?: BridgeTransport) {
    this.#events = events
    this.#transport = transport
  }

  get current(): MqttSession | undefined {
    return this.#session
  }

  /** Ends the current session, then connects with `options`, unless another connect or a disconnect came meanwhile. */
  connect(options: ConnectOptions, subscriptions: readonly SubscribeRequest[]): Promise<void> {
    const mine = ++this.#generation
    this.#wanted = new Map(subscriptions.map((s) => [s.filter, s.qos]))
    this.#events.reset()
    return this.#run(async () => {
      await this.#end()
      if (mine !== this.#generation) return
      this.#events.reset()
      let connected = false
      const current = () => mine === this.#generation
      const session = new MqttSession(
        options,
        [...this.#wanted].map(([filter, qos]) => ({ filter, qos })),
        {
          onState: (state) => {
            if (!current()) return
            this.#events.onState(state, state.state === 'connected' && connected)
            if (state.state === 'connected') connected = true
          },
          onMessage: (message) => {
            if (current()) this.#events.onMessage(message)
          },
          onSubscription: (filter, status) => {
            if (current()) this.#events.onSubscription(filter, status)
          },
          onPacket: (direction, packet) => {
            if (current()) this.#events.onPacket?.(direction, packet)
          },
        },
        ...(this.#transport ? [this.#transport] : []),
      )
      this.#session = session
      this.#events.started(session)
    })
  }

  /** Ends the current session ("closed by you" is its last state). */
  disconnect(): Promise<void> {
    return this.#run(async () => {
      await this.#end()
      this.#generation++
    })
  }

  subscribe(filter: string, qos: QoS): void {
    this.#wanted.set(filter, qos)
    if (this.#session) this.#session.subscribe(filter, qos)
    else this.#events.onSubscription(filter, { state: 'pending' })
  }

  unsubscribe(filter: string): void {
    this.#wanted.delete(filter)
    if (this.#session) this.#session.unsubscribe(filter)
    else this.#events.onSubscription(filter, { state: 'removed' })
  }

  async #end(): Promise<void> {
    const session = this.#session
    if (session === undefined) return
    this.#session = undefined
    this.#events.ended()
    await session.end()
  }

  #run(step: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(step)
    // One failed step must not stop the ones after it; the caller still sees its failure.
    this.#queue = next.catch(() => {})
    return next
  }
}
