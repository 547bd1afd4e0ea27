import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useMemo, useRef, useState } from 'react'
import { formatBytes, formatCount, formatDateTime, formatTime } from '@/components/format.ts'
import { GearIcon } from '@/components/icons.tsx'
import { deliveredQosText } from '@/model/delivered-qos.ts'
import type { HistoryEntry, Inspection } from '@/model/inspection-types.ts'
import { LIMITS } from '@/model/limits.ts'
import { useAppStore } from '@/store/app-store.ts'
import { HistoryBudgetDialog } from './history-budget-dialog.tsx'
import { useGrantedFor } from './payload-summary.tsx'

/** One kept message: time, size, QoS, flags and the start of its payload; its name is what it shows. */
const ROW_HEIGHT = 24
const LIST_HEIGHT = 264

interface EntryProps {
  readonly entry: HistoryEntry
  readonly current: boolean
  /** This entry is the one the shown message is compared with. */
  readonly comparing: boolean
  readonly top: number
  readonly position: number
  readonly size: number
  /** The QoS as it reads for this topic's subscription (a tooltip on the QoS column). */
  readonly qosTitle: (qos: HistoryEntry['qos']) => string
  /** `row`: the picked entry's element, to keep it in view. */
  readonly onPick: (seq: number, row: HTMLElement) => void
  readonly onCompare: (seq: number | undefined) => void
}

const Entry = memo(
  function Entry({ entry, current, comparing, top, position, size, qosTitle, onPick, onCompare }: EntryProps) {
    return (
      <div
        role="listitem"
        aria-posinset={position}
        aria-setsize={size}
        className={`history-entry${current ? ' is-current' : ''}${comparing ? ' is-compared' : ''}`}
        style={{ transform: `translateY(${top}px)` }}
      >
        <button
          type="button"
          className="history-show"
          aria-current={current ? 'true' : undefined}
          title={`${formatDateTime(entry.receivedAt)}, ${formatCount(entry.bytes)} bytes`}
          onClick={(event) => onPick(entry.seq, event.currentTarget)}
        >
          <span className="history-time">{formatTime(entry.receivedAt)}</span>
          <span className="history-size">{formatBytes(entry.bytes)}</span>
          <span className="history-qos" title={qosTitle(entry.qos)}>
            QoS {entry.qos}
          </span>
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
        <button
          type="button"
          className="history-compare"
          aria-pressed={comparing}
          disabled={current}
          title={current ? 'This is the shown message' : comparing ? 'Stop comparing with this message' : 'Compare the shown message with this one'}
          onClick={() => onCompare(comparing ? undefined : entry.seq)}
        >
          Compare
        </button>
      </div>
    )
  },
  // A kept message never changes: the same seq at the same place draws the same row (a flooding topic
  // re-sends the list every flush).
  (a, b) =>
    a.entry.seq === b.entry.seq &&
    a.current === b.current &&
    a.comparing === b.comparing &&
    a.top === b.top &&
    a.position === b.position &&
    a.size === b.size &&
    a.qosTitle === b.qosTitle &&
    a.onPick === b.onPick &&
    a.onCompare === b.onCompare,
)

interface EntriesProps {
  readonly entries: readonly HistoryEntry[]
  readonly shownSeq: number | undefined
  readonly comparedSeq: number | undefined
  /** Position of entries[0] among the kept messages, newest first, from 0. */
  readonly first: number
  readonly kept: number
  readonly qosTitle: (qos: HistoryEntry['qos']) => string
  readonly onPick: (seq: number, row: HTMLElement) => void
  readonly onCompare: (seq: number | undefined) => void
}

/**
 * The entries as a virtualized list (role list): a topic keeps up to 1,000 messages by default and
 * a flooding one replaces them every flush, so only the rows in view are drawn.
 */
function Entries({ entries, shownSeq, comparedSeq, first, kept, qosTitle, onPick, onCompare }: EntriesProps) {
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
          return (
            <Entry
              key={entry.seq}
              entry={entry}
              current={entry.seq === shownSeq}
              comparing={entry.seq === comparedSeq}
              top={item.start}
              position={first + item.index + 1}
              size={kept}
              qosTitle={qosTitle}
              onPick={onPick}
              onCompare={onCompare}
            />
          )
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

/**
 * The inspected topic's kept messages, newest first; each one can be shown, and compared with the
 * shown one. Once an entry is picked the list holds still: new messages are counted above it
 * ("3 new") instead of pushing it down, until "3 new" or "Follow latest".
 */
export function HistoryList({ inspection, onPicked }: { inspection: Inspection; onPicked?: (row: HTMLElement) => void }) {
  const [settings, setSettings] = useState(false)
  const comparedSeq = useAppStore((s) => (s.inspectRequest.diff ? s.inspectRequest.compareWith : undefined))
  const granted = useGrantedFor(inspection.topic)
  const { history } = inspection
  const shownSeq = inspection.message?.seq
  const page = LIMITS.inspector.historyPage
  const { setHistoryStart, inspectMessage, showNewestHistory, compareWith } = useAppStore.getState()
  // The list is held from the first entry the person sees when picking (not from what arrived since).
  const listTop = history.entries[0]?.seq
  // Stable while the subscription (or the list's top) is the same, so rows are not redrawn every flush.
  const qosTitle = useMemo(() => (qos: HistoryEntry['qos']) => deliveredQosText(qos, granted), [granted])
  const onPick = useCallback(
    (seq: number, row: HTMLElement) => {
      inspectMessage(seq, listTop)
      onPicked?.(row)
    },
    [inspectMessage, onPicked, listTop],
  )
  const onCompare = useCallback((seq: number | undefined) => compareWith(seq, listTop), [compareWith, listTop])
  return (
    <section className="history" aria-labelledby="history-heading">
      <div className="history-header">
        <h3 id="history-heading" className="subheading">
          History
        </h3>
        <span className="history-budget" data-testid="topic-history-budget">
          {budgetLine(history)}
        </span>
        {history.newer > 0 && (
          <button type="button" className="compact history-new" onClick={showNewestHistory} title="Show the newest messages at the top (the shown one stays)">
            {formatCount(history.newer)} new
          </button>
        )}
        {!inspection.following && (
          <button type="button" className="compact follow" onClick={() => inspectMessage(undefined)}>
            Follow latest
          </button>
        )}
        <button type="button" className="icon-button small" aria-label="History budget" title="History budget" onClick={() => setSettings(true)}>
          <GearIcon />
        </button>
      </div>
      <Entries
        entries={history.entries}
        shownSeq={shownSeq}
        comparedSeq={comparedSeq}
        first={history.newer + history.start}
        kept={history.kept}
        qosTitle={qosTitle}
        onPick={onPick}
        onCompare={onCompare}
      />
      {history.kept - history.newer > page && (
        <div className="pager">
          <span className="field-hint">
            {formatCount(history.newer + history.start + 1)}–{formatCount(history.newer + history.start + history.entries.length)} of{' '}
            {formatCount(history.kept)}
          </span>
          <button
            type="button"
            className="compact"
            disabled={history.start === 0 && history.newer === 0}
            onClick={() => (history.start === 0 ? showNewestHistory() : setHistoryStart(Math.max(0, history.start - page)))}
          >
            Newer
          </button>
          <button
            type="button"
            className="compact"
            disabled={history.newer + history.start + page >= history.kept}
            onClick={() => setHistoryStart(history.start + page)}
          >
            Older
          </button>
        </div>
      )}
      <HistoryBudgetDialog open={settings} onClose={() => setSettings(false)} />
    </section>
  )
}
