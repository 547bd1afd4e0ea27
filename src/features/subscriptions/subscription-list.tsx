import { CloseIcon } from '@/components/icons.tsx'
import type { SubscriptionStatus } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { READ_ONLY_REASON } from '@/store/recording-session-slice.ts'

export function describeStatus(status: SubscriptionStatus): string {
  switch (status.state) {
    case 'pending':
      return 'pending'
    case 'granted':
      return `granted QoS ${status.qos}`
    case 'refused':
      return `refused: ${status.reason}`
    case 'removed':
      return 'removed'
  }
}

/** One row per subscription: filter, requested QoS, what the broker answered, and remove. */
export function SubscriptionList() {
  const subscriptions = useAppStore((s) => s.subscriptions)
  const unsubscribe = useAppStore((s) => s.unsubscribe)
  const readOnly = useAppStore((s) => s.openedRecording !== undefined)
  if (subscriptions.length === 0) return <p className="empty-note">No subscriptions: nothing arrives until you subscribe.</p>
  return (
    <ul role="list" aria-label="Subscriptions" className="subscription-list">
      {subscriptions.map((s) => (
        <li key={s.filter} className={`subscription status-${s.status.state}`}>
          <span className="sub-filter mono" title={s.filter}>
            {s.filter}
          </span>
          <span className="sub-qos">QoS {s.qos}</span>
          <span className="sub-status" title={describeStatus(s.status)}>
            {describeStatus(s.status)}
          </span>
          <button
            type="button"
            className="icon-button small"
            aria-label={`Unsubscribe ${s.filter}`}
            title={readOnly ? READ_ONLY_REASON : `Unsubscribe ${s.filter}`}
            disabled={readOnly}
            onClick={() => unsubscribe(s.filter)}
          >
            <CloseIcon />
          </button>
        </li>
      ))}
    </ul>
  )
}
