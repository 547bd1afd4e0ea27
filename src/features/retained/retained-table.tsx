import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { formatBytes, formatDateTime } from '@/components/format.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { nextSort, type RetainedColumn, type RetainedRow, type RetainedSort } from '@/model/retained-table.ts'

const ROW_HEIGHT = 26

const COLUMNS: ReadonlyArray<{ readonly column: RetainedColumn; readonly label: string; readonly className: string }> = [
  { column: 'topic', label: 'Topic', className: 'rt-topic' },
  { column: 'size', label: 'Size', className: 'rt-size num' },
  { column: 'qos', label: 'QoS', className: 'rt-qos num' },
  { column: 'payload', label: 'Payload', className: 'rt-payload' },
  { column: 'lastSet', label: 'Last set', className: 'rt-last' },
]

interface RetainedTableProps {
  readonly rows: readonly RetainedRow[]
  readonly total: number
  readonly sort: RetainedSort
  readonly onSort: (sort: RetainedSort) => void
  readonly selected: ReadonlySet<string>
  readonly onToggle: (topic: string, on: boolean) => void
}

/**
 * The listed retained messages as an ARIA table ("Retained messages"): sortable column headers,
 * a checkbox per row, and only the rows in view drawn (100,000 rows cost what one screen shows).
 * Topics and payloads are untrusted: text only, invisible characters escaped.
 */
export function RetainedTable({ rows, total, sort, onSort, selected, onToggle }: RetainedTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    useFlushSync: false,
  })
  return (
    <div className="retained-table" role="table" aria-label="Retained messages" aria-rowcount={rows.length + 1} data-total={total}>
      <div role="rowgroup" className="rt-head">
        <div role="row" className="rt-row" aria-rowindex={1}>
          <span role="columnheader" className="rt-check">
            <span className="visually-hidden">Selected</span>
          </span>
          {COLUMNS.map(({ column, label, className }) => {
            const active = sort.column === column
            return (
              <span key={column} role="columnheader" className={className} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="rt-sort" onClick={() => onSort(nextSort(sort, column))}>
                  {label}
                  {active && <span aria-hidden="true">{sort.descending ? ' ↓' : ' ↑'}</span>}
                </button>
              </span>
            )
          })}
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className="rt-body" tabIndex={0} aria-label="Retained message rows">
        <div className="rt-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            const { topic, payload, qos, lastSet } = row.entry
            const shownTopic = escapeInvisible(topic)
            const isSelected = selected.has(topic)
            return (
              <div
                key={topic}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                className={`rt-row${isSelected ? ' is-selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <span role="cell" className="rt-check">
                  <input type="checkbox" aria-label={`Select ${shownTopic}`} checked={isSelected} onChange={(e) => onToggle(topic, e.target.checked)} />
                </span>
                <span role="cell" className="rt-topic mono" title={shownTopic}>
                  {shownTopic}
                </span>
                <span role="cell" className="rt-size num" title={`${payload.length} bytes`}>
                  {formatBytes(payload.length)}
                </span>
                <span role="cell" className="rt-qos num">
                  {qos}
                </span>
                <span role="cell" className={`rt-payload mono${row.binary ? ' is-binary' : ''}`} title={row.binary ? 'binary: shown as hex' : undefined}>
                  {row.preview}
                </span>
                <span role="cell" className="rt-last">
                  {lastSet === undefined ? 'unknown' : formatDateTime(lastSet)}
                </span>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
