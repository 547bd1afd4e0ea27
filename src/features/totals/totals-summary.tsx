import './totals.css'
import { formatCount, formatRate } from '@/components/format.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Message and topic totals plus the current message rate, for the top bar. */
export function TotalsSummary() {
  const totals = useAppStore((s) => s.batch.totals)
  return (
    <dl className="totals" aria-label="Totals">
      <div>
        <dt className="visually-hidden">Messages</dt>
        <dd>
          <span className="num" data-testid="total-messages">
            {formatCount(totals.messages)}
          </span>{' '}
          <span className="unit">messages</span>
        </dd>
      </div>
      <div>
        <dt className="visually-hidden">Topics</dt>
        <dd>
          <span className="num" data-testid="total-topics">
            {formatCount(totals.topics)}
          </span>{' '}
          <span className="unit">topics</span>
        </dd>
      </div>
      <div className="totals-rate">
        <dt className="visually-hidden">Rate</dt>
        <dd>
          <span className="num" data-testid="total-rate">
            {formatRate(totals.messagesPerSecond)}
          </span>{' '}
          <span className="unit">msg/s</span>
        </dd>
      </div>
    </dl>
  )
}
