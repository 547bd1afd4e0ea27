/** Publishing: what is sent, and how each send and each job ended. */
import type { QoS } from './connection-types.ts'
import type { EncodedFormat } from './encoded-publish.ts'

/** MQTT 5 PUBLISH properties as the publish panel sets them (ignored on a 3.1.1 connection). */
export interface PublishProperties {
  readonly contentType?: string
  /** true: the payload is UTF-8 text (payload format indicator 1). */
  readonly payloadFormatIndicator?: boolean
  /** Message expiry interval, seconds. */
  readonly messageExpiryInterval?: number
  /** May hold templates. */
  readonly responseTopic?: string
  /** Correlation data as UTF-8 text (may hold templates). */
  readonly correlationData?: string
  readonly userProperties?: ReadonlyArray<readonly [string, string]>
  readonly topicAlias?: number
}

/**
 * What to publish. `topic` and a text payload may hold templates ({{counter}}, ...: see
 * model/publish-template.ts), expanded by the worker for every send; a bytes payload (hex, base64 or
 * a file, already decoded by the page) is sent as it is.
 */
export interface PublishMessage {
  readonly topic: string
  readonly payload:
    | { readonly kind: 'text'; readonly text: string }
    | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
    /**
     * JSON (may hold templates) encoded by the worker for every send: CBOR, MessagePack, Sparkplug B
     * (seq and timestamp filled in) or Protobuf (`messageType`, a type of the user's .proto files).
     */
    | { readonly kind: 'encoded'; readonly format: EncodedFormat; readonly text: string; readonly messageType?: string }
  readonly qos: QoS
  readonly retain: boolean
  readonly properties?: PublishProperties
}

export interface PublishRepeat {
  readonly intervalMs: number
  /** undefined: until stopped. */
  readonly count?: number
}

/** How one send ended. */
export interface PublishOutcome {
  readonly jobId: number
  /** 1 for the first send of a job. */
  readonly index: number
  /** The topic as sent (templates expanded). */
  readonly topic: string
  readonly bytes: number
  readonly qos: QoS
  readonly retain: boolean
  /** When it was handed to MQTT.js (epoch ms). */
  readonly sentAt: number
  /**
   * 'sent': QoS 0, written; 'acknowledged': PUBACK (QoS 1) or PUBCOMP (QoS 2) with a success code;
   * 'refused': the broker answered with a failure code (MQTT 5); 'timeout': no acknowledgement within
   * LIMITS.publish.ackTimeoutMs; 'failed': not sent (not connected, MQTT.js refused it, ...).
   */
  readonly status: 'sent' | 'acknowledged' | 'refused' | 'timeout' | 'failed'
  /** The last acknowledgement received: 'PUBACK', 'PUBREC' or 'PUBCOMP'. */
  readonly ack?: 'PUBACK' | 'PUBREC' | 'PUBCOMP'
  /** QoS 2: ms from send to PUBREC. */
  readonly pubrecMs?: number
  /** ms from send to the final acknowledgement (PUBACK / PUBCOMP). */
  readonly rttMs?: number
  /** MQTT 5 reason code of the acknowledgement, and as text ("no matching subscribers"). */
  readonly reasonCode?: number
  /** Reason as text: the reason code's, or why it failed / timed out. */
  readonly reason?: string
}

/** A publish job's progress: sends so far and how they ended. */
export interface PublishJob {
  readonly jobId: number
  /** undefined: until stopped. */
  readonly total: number | undefined
  readonly sent: number
  readonly acknowledged: number
  readonly failed: number
  /** false once the job sent its last message or was stopped (or the connection went away). */
  readonly running: boolean
  /** Why a job ended early ("stopped", "not connected"). */
  readonly endReason?: string
}
