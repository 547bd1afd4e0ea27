import { formatByteRate, formatBytes, formatCount, formatRate } from '@/components/format.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Status-bar items: history memory against its budget, evictions, and throughput. */
export function BudgetStatus() {
  const budget = useAppStore((s) => s.batch.budget)
  const totals = useAppStore((s) => s.batch.totals)
  const share = budget.maxBytes > 0 ? budget.bytes / budget.maxBytes : 0
  return (
    <div className="budget-status">
      <span
        className="status-item"
        title={`${formatCount(budget.count)} of ${formatCount(budget.maxCount)} messages kept in history (${formatCount(budget.bytes)} of ${formatCount(budget.maxBytes)} bytes)`}
      >
        <span className="meter" aria-hidden="true">
          <span className={`meter-fill${share > 0.9 ? ' is-high' : ''}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
        </span>
        History {formatBytes(budget.bytes)} of {formatBytes(budget.maxBytes)}
      </span>
      {budget.evictedCount > 0 && (
        <span
          className="status-item is-warn"
          title={`${formatBytes(budget.evictedBytes)} of the oldest history made room for newer messages; totals still count them`}
        >
          <span data-testid="evicted-count">{formatCount(budget.evictedCount)}</span> older messages evicted
        </span>
      )}
      <span className="status-item" title="Messages per second, all topics">
        {formatRate(totals.messagesPerSecond)} msg/s
      </span>
      <span className="status-item" title="Payload bytes per second, all topics">
        {formatByteRate(totals.bytesPerSecond)}
      </span>
      <span className="status-item status-total" title="Payload bytes received since connecting">
        {formatBytes(totals.bytes)} total
      </span>
    </div>
  )
}
