import { useMemo } from 'react'
import { formatCount, formatDateTime, formatTime } from '@/components/format.ts'
import { grantedFor, type GrantedMatch } from '@/model/delivered-qos.ts'
import type { HistoryEntry } from '@/model/inspection-types.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The granted subscription that delivers `topic` (see delivered-qos.ts), kept while the subscriptions are the same. */
export function useGrantedFor(topic: string): GrantedMatch | undefined {
  const subscriptions = useAppStore((s) => s.subscriptions)
  return useMemo(() => grantedFor(topic, subscriptions), [topic, subscriptions])
}

/**
 * The shown message in one line, right under its payload: "57 bytes · QoS 1 · retained ·
 * 14:03:07.123". When the message arrived exactly at the QoS its subscription was granted, the line
 * says so ("received at QoS 0 (subscription # granted QoS 0)"): a QoS 2 publish reads QoS 0 there.
 */
export function PayloadSummary({ message, qosText }: { message: HistoryEntry; qosText: string }) {
  return (
    <p className="payload-summary" title={formatDateTime(message.receivedAt)}>
      {formatCount(message.bytes)} {message.bytes === 1 ? 'byte' : 'bytes'} · {qosText} · {message.retain ? 'retained' : 'not retained'}
      {message.dup ? ' · dup' : ''} · {formatTime(message.receivedAt)}
    </p>
  )
}
