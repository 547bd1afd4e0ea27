import type { ReactNode } from 'react'
import { formatCount, formatDateTime } from '@/components/format.ts'
import type { InspectedMessage } from '@/model/inspection-types.ts'
import type { MessageProperties } from '@/model/mqtt-properties.ts'
import { hexString } from '@/model/payload-export.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { decodeUtf8 } from '@/model/utf8-text.ts'

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

/** Correlation data is binary: its hex, and its text too when it is UTF-8 (escaped). */
function CorrelationData({ bytes }: { bytes: Uint8Array }) {
  const shown = bytes.length > 256 ? bytes.subarray(0, 256) : bytes
  const text = decodeUtf8(bytes)
  return (
    <>
      <span className="mono">
        {hexString(shown)}
        {shown.length < bytes.length && ` … (${formatCount(bytes.length)} bytes)`}
      </span>
      {'value' in text && bytes.length <= 256 && <span className="meta-alt"> text: {escapeInvisible(text.value)}</span>}
    </>
  )
}

/** Every MQTT 5 PUBLISH property the message carried; names as the specification calls them. */
function Properties({ properties }: { properties: MessageProperties }) {
  const p = properties
  return (
    <>
      {p.contentType !== undefined && <Row label="Content type">{escapeInvisible(p.contentType)}</Row>}
      {p.payloadFormat !== undefined && <Row label="Payload format">{p.payloadFormat === 'utf-8' ? 'UTF-8 text (1)' : 'unspecified bytes (0)'}</Row>}
      {p.messageExpiry !== undefined && <Row label="Message expiry">{formatCount(p.messageExpiry)} s</Row>}
      {p.responseTopic !== undefined && <Row label="Response topic">{escapeInvisible(p.responseTopic)}</Row>}
      {p.correlationData !== undefined && (
        <Row label="Correlation data">
          <CorrelationData bytes={p.correlationData} />
        </Row>
      )}
      {p.topicAlias !== undefined && <Row label="Topic alias">{p.topicAlias}</Row>}
      {p.subscriptionIds !== undefined && <Row label="Subscription identifiers">{p.subscriptionIds.join(', ')}</Row>}
      {p.userProperties !== undefined && (
        <Row label="User properties">
          <ul className="user-properties">
            {p.userProperties.map(([name, value], i) => (
              <li key={i}>
                <span className="user-name">{escapeInvisible(name)}</span>: {escapeInvisible(value)}
              </li>
            ))}
          </ul>
        </Row>
      )}
    </>
  )
}

/** The shown message's metadata: arrival time, size, QoS, retain, dup, and its MQTT 5 properties. */
export function MessageMeta({ message }: { message: InspectedMessage }) {
  return (
    <dl className="message-meta" aria-label="Message metadata">
      <Row label="Received">{formatDateTime(message.receivedAt)}</Row>
      <Row label="Size">
        {formatCount(message.bytes)} {message.bytes === 1 ? 'byte' : 'bytes'}
      </Row>
      <Row label="QoS">{message.qos}</Row>
      <Row label="Retain">{message.retain ? 'yes' : 'no'}</Row>
      <Row label="Dup">{message.dup ? 'yes' : 'no'}</Row>
      {message.properties ? <Properties properties={message.properties} /> : <Row label="MQTT 5 properties">none</Row>}
    </dl>
  )
}
