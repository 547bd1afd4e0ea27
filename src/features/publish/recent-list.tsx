import { formatDateTime, formatTime } from '@/components/format.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The last publishes, newest first: re-send one at once, or load it into the editor. */
export function RecentList() {
  const records = useAppStore((s) => s.publishRecords)
  const { resendRecord, editRecord } = useAppStore.getState()
  if (records.length === 0) return <p className="empty-note">Nothing published yet.</p>
  return (
    <ul className="publish-list" aria-label="Recent publishes">
      {records.map((r) => (
        <li key={r.id} className="publish-item">
          <div className="publish-item-text">
            <code className="publish-item-topic">{escapeInvisible(r.sentTopic)}</code>
            <span className="publish-item-meta">
              QoS {r.draft.qos}
              {r.draft.retain ? ' · retained' : ''} · <time title={formatDateTime(r.at)}>{formatTime(r.at)}</time>
              {r.outcome ? ` · ${r.outcome}` : ''}
            </span>
          </div>
          <div className="publish-item-actions">
            <button type="button" className="compact" aria-label={`Re-send ${r.sentTopic}`} onClick={() => resendRecord(r.id)}>
              Re-send
            </button>
            <button type="button" className="compact ghost" aria-label={`Edit ${r.sentTopic}`} onClick={() => editRecord(r.id)}>
              Edit
            </button>
          </div>
        </li>
      ))}
    </ul>
  )
}
