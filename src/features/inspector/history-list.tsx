import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useRef, useState } from 'react'
import { formatBytes, formatCount, formatDateTime, formatTime } from '@/components/format.ts'
import { GearIcon } from '@/components/icons.tsx'
import type { HistoryEntry, Inspection } from '@/model/inspection-types.ts'
import { LIMITS } from '@/model/limits.ts'
import { useAppStore } from '@/store/app-store.ts'
import { HistoryBudgetDialog } from './history-budget-dialog.tsx'

/** One kept message: time, size, QoS, flags and the start of its payload; its name is what it shows. */
const ROW_HEIGHT = 24
const LIST_HEIGHT = 264

const Entry = memo(
  function Entry({ entry, current, top, position, size }: { entry: HistoryEntry; current: boolean; top: number; position: number; size: number }) {
    return (
      <div
        role="listitem"
        aria-posinset={position}
        aria-setsize={size}
        className={`history-entry${current ? ' is-current' : ''}`}
        style={{ transform: `translateY(${top}px)` }}
      >
        <button
          type="button"
          aria-current={current ? 'true' : undefined}
          title={`${formatDateTime(entry.receivedAt)}, ${formatCount(entry.bytes)} bytes`}
          onClick={() => useAppStore.getState().inspectMessage(entry.seq)}
        >
          <span className="history-time">{formatTime(entry.receivedAt)}</span>
          <span className="history-size">{formatBytes(entry.bytes)}</span>
          <span className="history-qos">QoS {entry.qos}</span>
          <span className="history-flags">
            {entry.retain && (
              <span className="badge-r" title="retained">
                R<span className="visually-hidden">etained</span>
              </span>
            )}
            {entry.dup && <span className="history-dup">dup</span>}
          </span>
          <span className="history-preview">{entry.preview}</span>
        </button>
      </div>
    )
  },
  // A kept message never changes: the same seq at the same place draws the same row (a flooding topic
  // re-sends the list every flush).
  (a, b) => a.entry.seq === b.entry.seq && a.current === b.current && a.top === b.top && a.position === b.position && a.size === b.size,
)

/**
 * The entries as a virtualized list (role list): a topic keeps up to 1,000 messages by default and
 * a flooding one replaces them every flush, so only the rows in view are drawn.
 */
function Entries({ entries, shownSeq, start, kept }: { entries: readonly HistoryEntry[]; shownSeq: number | undefined; start: number; kept: number }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    useFlushSync: false,
    getItemKey: (index) => entries[index]?.seq ?? index,
  })
  return (
    <div ref={scrollRef} className="history-list" role="list" aria-label="History" style={{ height: Math.min(LIST_HEIGHT, entries.length * ROW_HEIGHT + 2) }}>
      <div className="history-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = entries[item.index]!
          return <Entry key={entry.seq} entry={entry} current={entry.seq === shownSeq} top={item.start} position={start + item.index + 1} size={kept} />
        })}
      </div>
    </div>
  )
}

/** "1,000 of 1,000 kept · 37 evicted · 1.2 MiB of 16 MiB": the topic against its budget. */
export function budgetLine(history: Inspection['history']): string {
  const parts = [`${formatCount(history.kept)} of ${formatCount(history.perTopicCount)} kept`]
  if (history.evicted > 0) parts.push(`${formatCount(history.evicted)} evicted`)
  parts.push(`${formatBytes(history.keptBytes)} of ${formatBytes(history.perTopicBytes)}`)
  return parts.join(' · ')
}

/** The inspected topic's kept messages, newest first; each one can be shown. */
export function HistoryList({ inspection }: { inspection: Inspection }) {
  const [settings, setSettings] = useState(false)
  const { history } = inspection
  const shownSeq = inspection.message?.seq
  const page = LIMITS.inspector.historyPage
  const { setHistoryStart, inspectMessage } = useAppStore.getState()
  return (
    <section className="history" aria-labelledby="history-heading">
      <div className="history-header">
        <h3 id="history-heading" className="subheading">
          History
        </h3>
        <span className="history-budget" data-testid="topic-history-budget">
          {budgetLine(history)}
        </span>
        <button type="button" className="icon-button small" aria-label="History budget" title="History budget" onClick={() => setSettings(true)}>
          <GearIcon />
        </button>
      </div>
      {!inspection.following && (
        <button type="button" className="compact follow" onClick={() => inspectMessage(undefined)}>
          Follow latest
        </button>
      )}
      <Entries entries={history.entries} shownSeq={shownSeq} start={history.start} kept={history.kept} />
      {history.kept > page && (
        <div className="pager">
          <span className="field-hint">
            {formatCount(history.start + 1)}–{formatCount(history.start + history.entries.length)} of {formatCount(history.kept)}
          </span>
          <button type="button" className="compact" disabled={history.start === 0} onClick={() => setHistoryStart(Math.max(0, history.start - page))}>
            Newer
          </button>
          <button type="button" className="compact" disabled={history.start + page >= history.kept} onClick={() => setHistoryStart(history.start + page)}>
            Older
          </button>
        </div>
      )}
      <HistoryBudgetDialog open={settings} onClose={() => setSettings(false)} />
    </section>
  )
}
