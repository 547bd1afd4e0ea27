import mqtt, { type IClientOptions, type IClientSubscribeOptions, type IPublishPacket, type MqttClient } from 'mqtt'
import { LIMITS } from '../model/limits.ts'
import { BridgeDialer, browserTransport, type BridgeTransport } from './bridge-dialer.ts'
import type { BridgeFailure } from './bridge-ticket.ts'
import { brokerLimits } from './broker-limits.ts'
import { failureReason, LazyService } from './lazy-service.ts'
import type { PublishTracker, SendResult } from './publish-acks.ts'
import type { OutgoingMessage } from './publish-packet.ts'
import { connackReason, connackRefusal } from './reason-codes.ts'
import type { PacketDirection, TracedPacket } from '../model/packet-types.ts'
import type { BrokerLimits, ConnectionState, ConnectOptions, QoS, SubscribeRequest, SubscriptionStatus } from '../model/connection-types.ts'

export type { OutgoingMessage, SendResult }

export interface IncomingMessage {
  readonly topic: string
  readonly payload: Uint8Array
  readonly qos: QoS
  readonly retain: boolean
  readonly dup: boolean
  readonly properties: Readonly<Record<string, unknown>> | undefined
  /** MQTT 5: subscribed with Retain As Published, so retain = 0 means "not published retained". */
  readonly retainAsPublished?: boolean
}

export interface SessionHandlers {
  onState(state: ConnectionState): void
  onMessage(message: IncomingMessage): void
  onSubscription(filter: string, status: SubscriptionStatus): void
  /** Every control packet MQTT.js sends or receives (the packet trace); called before it is written / handled. */
  onPacket?(direction: PacketDirection, packet: TracedPacket): void
}

/**
 * What a PUBLISH is sent with (publish-send.ts: the acks' tracking, the broker limits' checks),
 * loaded with the worker's first publish, for every session. Failing to load fails that send.
 */
const sending = new LazyService(
  () => import('./publish-send.ts'),
  () => {},
)

const RECONNECT_PERIOD_MS = 2_000
/** How long a DISCONNECT may take to close the connection before the socket is closed regardless. */
const END_GRACE_MS = 2_000
/**
 * MQTT.js gives up on a CONNACK after this long. Through the bridge it must outlast the server's
 * own connect timeout (DNS + TCP + TLS, 10 s by default), whose close reason says what was slow.
 */
const BRIDGED_CONNECT_TIMEOUT_MS = 30_000

/**
 * One MQTT.js connection and what it reports, turned into plain states. Lives in the worker, so
 * the page never parses MQTT. It keeps the subscription list itself and subscribes every filter
 * on its own after each (re)connect, so one refused filter never hides the result of another.
 *
 * ws:// and wss:// brokers: MQTT.js connects and reconnects by itself. mqtt:// and mqtts:// brokers
 * (options.bridge): every attempt first gets a ticket from the server (BridgeDialer), so this class
 * runs the reconnect loop itself; a refusal that no retry can fix (policy, access token, TLS
 * verification) stops it, and the status says why.
 */
export class MqttSession {
  readonly #client: MqttClient
  readonly #handlers: SessionHandlers
  readonly #options: ConnectOptions
  readonly #subscriptions = new Map<string, QoS>()
  /** Made with the session's first publish (listening to every packet only from then on). */
  #publishes: PublishTracker | undefined
  /** What this connection's CONNACK allows (MQTT 5: at least {}; 3.1.1: undefined, nothing is known). */
  #broker: BrokerLimits | undefined
  #attempt = 0
  #everConnected = false
  #lastReason: string | undefined
  #ended = false
  #stopped = false
  readonly #dialer: BridgeDialer | undefined
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  /** A reason the broker gave during this attempt (CONNACK refusal, DISCONNECT): it beats the bridge's close text. */
  #brokerReason: string | undefined
  #connectedThisAttempt = false
  #needsToken = false

  constructor(options: ConnectOptions, subscriptions: readonly SubscribeRequest[], handlers: SessionHandlers, transport: BridgeTransport = browserTransport) {
    this.#options = options
    this.#handlers = handlers
    for (const s of subscriptions) this.#subscriptions.set(s.filter, s.qos)
    handlers.onState(this.#state('connecting'))
    this.#dialer = options.bridge === undefined ? undefined : new BridgeDialer(options.bridge, transport)
    this.#client = mqtt.connect(this.#dialer?.placeholderUrl ?? options.url, toClientOptions(options, this.#dialer))
    const onPacket = handlers.onPacket
    if (onPacket) {
      this.#client.on('packetsend', (packet) => onPacket('sent', packet as unknown as TracedPacket))
      this.#client.on('packetreceive', (packet) => onPacket('received', packet as unknown as TracedPacket))
    }
    this.#client.on('connect', (connack) => {
      this.#broker = options.protocolVersion === 5 ? brokerLimits(connack.properties) : undefined
      this.#attempt = 0
      this.#everConnected = true
      this.#connectedThisAttempt = true
      this.#lastReason = undefined
      handlers.onState(this.#state('connected'))
      for (const [filter, qos] of this.#subscriptions) this.#subscribe(filter, qos)
    })
    this.#client.on('reconnect', () => {
      this.#attempt++
      handlers.onState(this.#state('reconnecting'))
    })
    this.#client.on('error', (error: Error & { code?: number | string }) => {
      if (typeof error.code === 'number') {
        const refusal = connackRefusal(error.code, options.protocolVersion)
        this.#lastReason = refusal.reason
        this.#brokerReason = this.#lastReason
        if (refusal.final) this.#stop()
      } else {
        this.#lastReason = error.message || undefined
      }
    })
    this.#client.on('disconnect', (packet) => {
      if (packet.reasonCode !== undefined) {
        this.#lastReason = `disconnected by the broker: ${connackReason(packet.reasonCode, 5)}`
        this.#brokerReason = this.#lastReason
      }
    })
    this.#client.on('close', () => {
      if (this.#ended) return
      if (this.#dialer !== undefined) return this.#bridgeClosed(this.#dialer)
      this.#lastReason ??= this.#everConnected ? 'connection lost' : `cannot reach ${options.url}`
      handlers.onState(this.#state(this.#client.disconnecting || this.#stopped ? 'closed' : 'reconnecting'))
    })
    const v5 = options.protocolVersion === 5
    this.#client.on('message', (topic: string, payload: Uint8Array, packet: IPublishPacket) => {
      handlers.onMessage({
        topic,
        payload,
        qos: packet.qos,
        retain: packet.retain,
        dup: packet.dup,
        properties: propertiesRecord(packet.properties),
        retainAsPublished: v5,
      })
    })
    // MQTT.js writes the CONNECT inside connect(): only now, with every listener (the packet
    // trace's too) in place.
    if (this.#dialer !== undefined) void this.#dial(this.#dialer)
    else this.#client.connect()
  }

  /** One bridged attempt: a fresh ticket, then MQTT.js connects through /bridge?ticket=... */
  async #dial(dialer: BridgeDialer): Promise<void> {
    this.#retryTimer = undefined
    this.#brokerReason = undefined
    this.#connectedThisAttempt = false
    const failure = await dialer.prepare()
    if (this.#ended || this.#stopped) return
    if (failure !== undefined) return this.#attemptFailed(failure)
    this.#client.connect()
  }

  /** The bridge socket closed: the broker's own reason first, then the bridge's, then a guess. */
  #bridgeClosed(dialer: BridgeDialer): void {
    const closed = dialer.takeCloseFailure()
    if (this.#stopped) {
      this.#handlers.onState(this.#state('closed'))
      return
    }
    if (this.#brokerReason !== undefined) {
      this.#lastReason = this.#brokerReason
      return this.#retry()
    }
    const fallback = this.#connectedThisAttempt ? 'connection lost' : `cannot reach ${this.#options.url}`
    this.#attemptFailed(closed ?? { failure: this.#lastReason ?? fallback, final: false })
  }

  #attemptFailed(failure: BridgeFailure): void {
    this.#lastReason = failure.failure
    if (!failure.final) return this.#retry()
    this.#stopped = true
    this.#needsToken = failure.needsToken === true
    this.#handlers.onState(this.#state('closed'))
  }

  #retry(): void {
    this.#attempt++
    this.#handlers.onState(this.#state('reconnecting'))
    const dialer = this.#dialer
    if (dialer !== undefined) this.#retryTimer = setTimeout(() => void this.#dial(dialer), RECONNECT_PERIOD_MS)
  }

  /** Gives up reconnecting (the broker refused us for a reason a retry cannot fix). */
  #stop(): void {
    this.#stopped = true
    clearTimeout(this.#retryTimer)
    this.#client.end(true)
  }

  #state(state: ConnectionState['state']): ConnectionState {
    return {
      state,
      url: this.#options.url,
      ...(this.#options.profile !== undefined ? { profile: this.#options.profile } : {}),
      protocolVersion: this.#options.protocolVersion,
      ...(state === 'reconnecting' ? { attempt: Math.max(1, this.#attempt) } : {}),
      ...(state === 'connected' && this.#broker ? { broker: this.#broker } : {}),
      ...(state !== 'connected' && state !== 'connecting' && this.#lastReason !== undefined ? { reason: this.#lastReason } : {}),
      ...(state === 'closed' && this.#needsToken ? { needsToken: true as const } : {}),
    }
  }

  #closedByYou(): ConnectionState {
    const { url, profile, protocolVersion } = this.#options
    return { state: 'closed', reason: 'closed by you', url, protocolVersion, ...(profile !== undefined ? { profile } : {}) }
  }

  /** The filters this session subscribes to (every reconnect subscribes them again). */
  get filters(): string[] {
    return [...this.#subscriptions.keys()]
  }

  subscribe(filter: string, qos: QoS): void {
    this.#subscriptions.set(filter, qos)
    if (this.#client.connected) this.#subscribe(filter, qos)
    else this.#handlers.onSubscription(filter, { state: 'pending' })
  }

  unsubscribe(filter: string): void {
    this.#subscriptions.delete(filter)
    if (this.#client.connected) this.#client.unsubscribe(filter)
    this.#handlers.onSubscription(filter, { state: 'removed' })
  }

  #subscribe(filter: string, qos: QoS): void {
    this.#handlers.onSubscription(filter, { state: 'pending' })
    // Retain-as-published (MQTT 5) keeps the retain flag on live messages, so the tree can mark
    // retained topics that were set after we subscribed.
    const opts: IClientSubscribeOptions = this.#options.protocolVersion === 5 ? { qos, rap: true } : { qos }
    this.#client.subscribe(filter, opts, (error, granted) => {
      const packetGranted = refusedGrants(error)
      const code = granted?.[0]?.qos ?? packetGranted?.[0]
      if (code !== undefined && code < 0x80) {
        this.#handlers.onSubscription(filter, { state: 'granted', qos: code as QoS })
        return
      }
      const reason =
        code !== undefined
          ? this.#options.protocolVersion === 5
            ? connackReason(code, 5)
            : `refused by the broker (0x${code.toString(16)})`
          : (error?.message ?? 'refused')
      this.#handlers.onSubscription(filter, { state: 'refused', reason })
    })
  }

  /** The options this session connected with (a second connection, such as the retained scan, reuses them). */
  get options(): ConnectOptions {
    return this.#options
  }

  /**
   * Publishes one message and resolves with how it ended: 'sent' (QoS 0, written), 'acknowledged'
   * or 'refused' (with the acks, their times and the MQTT 5 reason), 'timeout' after `ackTimeoutMs`
   * without the last ack, 'failed' when it was not sent. Never rejects, never waits longer than
   * `ackTimeoutMs`. Fails at once while not connected (MQTT.js would queue the message for a later
   * reconnect), once the session is ended, and when the broker's CONNACK limits forbid it (the broker would drop the connection).
   */
  publishMessage(message: OutgoingMessage, ackTimeoutMs: number = LIMITS.publish.ackTimeoutMs): Promise<SendResult> {
    // Loaded: sent now, as before the chunk split. Else sent once it is, in the order asked, and
    // checked then (a session ended meanwhile sends nothing).
    if (sending.loaded) return this.#publishNow(sending.loaded, message, ackTimeoutMs)
    return new Promise((resolve) =>
      sending.use(
        (send) => resolve(this.#publishNow(send, message, ackTimeoutMs)),
        (error) =>
          resolve({
            sentAt: Date.now(),
            status: 'failed',
            reason: `publishing could not be loaded: ${failureReason(error)}`,
          }),
      ),
    )
  }

  #publishNow(send: typeof import('./publish-send.ts'), message: OutgoingMessage, ackTimeoutMs: number): Promise<SendResult> {
    const v5 = this.#options.protocolVersion === 5
    // An ended session sends nothing (a publish asked before a switch of session and run after it).
    const problem = this.#ended ? 'disconnected' : this.#client.connected ? send.publishProblem(message, this.#broker, v5) : 'not connected'
    if (problem !== undefined) return Promise.resolve({ sentAt: Date.now(), status: 'failed', reason: problem })
    const properties = v5 ? send.toPacketProperties(message.properties) : undefined
    this.#publishes ??= new send.PublishTracker(this.#client, v5)
    return this.#publishes.send(
      message.topic,
      message.payload,
      { qos: message.qos, retain: message.retain, ...(properties ? { properties } : {}) },
      ackTimeoutMs,
    )
  }

  /**
   * Publishes and resolves once the broker acknowledged it (PUBACK/PUBCOMP; once written for QoS 0);
   * rejects with the reason otherwise (see publishMessage).
   */
  async publish(topic: string, payload: string, qos: QoS, retain: boolean): Promise<void> {
    const result = await this.publishMessage({ topic, payload: utf8.encode(payload), qos, retain })
    if (result.status !== 'sent' && result.status !== 'acknowledged') throw new Error(result.reason ?? result.status)
  }

  /**
   * Closes the connection. Connected with nothing in flight, it sends a DISCONNECT first (normal
   * disconnection), so the broker discards the will instead of publishing it, as a person who
   * pressed Disconnect expects. With QoS 1/2 messages still in flight, or not connected, it closes
   * the socket at once (MQTT.js would wait for their acks, perhaps for ever). A DISCONNECT that has
   * not closed the connection within END_GRACE_MS is cut short the same way.
   */
  end(): Promise<void> {
    this.#ended = true
    this.#publishes?.failAll('disconnected')
    clearTimeout(this.#retryTimer)
    this.#dialer?.cancel()
    // A bridged client that never got as far as a socket has nothing to end (and MQTT.js would
    // trip over the stream it never made).
    if (this.#client.stream === undefined || this.#client.stream === null) {
      this.#handlers.onState(this.#closedByYou())
      return Promise.resolve()
    }
    const graceful = this.#client.connected && Object.keys(this.#client.outgoing).length === 0
    return new Promise((resolve) => {
      let cut: ReturnType<typeof setTimeout> | undefined
      let closed = false
      const finish = () => {
        if (closed) return
        closed = true
        clearTimeout(cut)
        this.#handlers.onState(this.#closedByYou())
        resolve()
      }
      if (graceful)
        cut = setTimeout(() => {
          this.#client.stream.destroy()
          finish()
        }, END_GRACE_MS)
      this.#client.end(!graceful, {}, finish)
    })
  }
}

const utf8 = new TextEncoder()

function toClientOptions(options: ConnectOptions, dialer: BridgeDialer | undefined): IClientOptions {
  const v5 = options.protocolVersion === 5
  // Bridged: no automatic connect or reconnect (each attempt needs its ticket first, see #dial).
  const bridged: IClientOptions = dialer
    ? { manualConnect: true, reconnectPeriod: 0, connectTimeout: BRIDGED_CONNECT_TIMEOUT_MS, createWebsocket: dialer.createWebsocket }
    : {}
  return {
    // The session connects once its listeners are in place (see the constructor).
    manualConnect: true,
    clientId: options.clientId,
    protocolVersion: options.protocolVersion,
    keepalive: options.keepalive,
    clean: options.clean,
    reconnectPeriod: RECONNECT_PERIOD_MS,
    connectTimeout: 10_000,
    // We subscribe again ourselves on every connect (see the class comment).
    resubscribe: false,
    // Re-arming the keepalive timer on every packet cost 3 % of the worker at 10,000 msg/s; a PINGREQ
    // every keepalive period is harmless.
    reschedulePings: false,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
    ...(v5 && options.sessionExpiry !== undefined ? { properties: { sessionExpiryInterval: options.sessionExpiry } } : {}),
    ...(options.will && options.will.topic
      ? {
          will: {
            topic: options.will.topic,
            payload: new TextEncoder().encode(options.will.payload) as never,
            qos: options.will.qos,
            retain: options.will.retain,
          },
        }
      : {}),
    ...bridged,
  }
}

/** MQTT 5 properties as the plain record the worker protocol carries. */
function propertiesRecord(properties: object | undefined): Record<string, unknown> | undefined {
  return properties as Record<string, unknown> | undefined
}

/** MQTT.js rejects a subscribe whose filter was refused; the SUBACK's codes ride on the error. */
function refusedGrants(error: unknown): number[] | undefined {
  const packet: unknown = typeof error === 'object' && error !== null ? (error as { packet?: unknown }).packet : undefined
  const granted: unknown = typeof packet === 'object' && packet !== null ? (packet as { granted?: unknown }).granted : undefined
  return Array.isArray(granted) ? (granted as number[]) : undefined
}
