import { memo, useRef, type CSSProperties, type MouseEvent } from 'react'
import { formatAge, formatCount, formatDateTime, formatRate } from '@/components/format.ts'
import { ChevronIcon, ExpandAllIcon } from '@/components/icons.tsx'
import { useNow } from '@/components/use-now.ts'
import { useAppStore } from '@/store/app-store.ts'
import type { TreeRow as Row } from '@/model/batch-types.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { rowLabel } from './row-text.ts'
import { sameRowProps } from './same-row.ts'

export const ROW_HEIGHT = 24
const INDENT = 14

interface TreeRowProps {
  readonly row: Row
  readonly index: number
  readonly top: number
  readonly focused: boolean
  readonly selected: boolean
  readonly onActivate: (row: Row, index: number) => void
  readonly onToggle: (row: Row) => void
  readonly onExpandAll: (row: Row) => void
}

/**
 * A row lights up again at most this often (message time): a busy branch changes on every flush,
 * and a highlight that never goes out says nothing.
 */
const RELIGHT_MS = 4_000
/**
 * How long the light stays on (it goes out at the first render after, within a second: the row
 * renders with every batch and every tick of the shared clock). A still light, not a CSS fade:
 * rows lit at different moments kept an animation running on every frame, which at 50,000 msg/s
 * cost the page as much main-thread time as the batches themselves (issue 18, docs/benchmarks.md).
 */
const LIT_MS = 1_500

/**
 * Remembers the newest subtreeLastAt seen; returns a key that changes when it grows, at most once
 * per RELIGHT_MS (a new key restarts the fading highlight).
 */
function useChangeKey(stamp: number): number | undefined {
  const seen = useRef(stamp)
  const key = useRef<number | undefined>(undefined)
  if (stamp > seen.current) {
    seen.current = stamp
    if (key.current === undefined || stamp - key.current >= RELIGHT_MS) key.current = stamp
  }
  return key.current
}

function Counts({ row }: { row: Row }) {
  const branch = row.childCount > 0
  const title = branch ? `${row.ownMessages} on this topic, ${row.subtreeMessages} including subtopics` : `${row.ownMessages} messages`
  return (
    <span className="cell-count" title={title}>
      {branch && row.ownMessages > 0 && <span className="own">{formatCount(row.ownMessages)} / </span>}
      {formatCount(row.subtreeMessages)}
    </span>
  )
}

/** The last message was empty and nothing is retained: a cleared topic (greyed until something arrives). */
function isCleared(row: Row): boolean {
  return row.ownMessages > 0 && row.lastBytes === 0 && !row.retained && row.childCount === 0
}

export const TreeRowView = memo(function TreeRowView({ row, index, top, focused, selected, onActivate, onToggle, onExpandAll }: TreeRowProps) {
  const liveNow = useNow()
  // In a recording, "how long ago" is measured from the time the slider shows, not from today.
  const now = useAppStore((s) => s.recordingSession?.at) ?? liveNow
  const flashKey = useChangeKey(row.subtreeLastAt)
  const lit = flashKey !== undefined && now - flashKey < LIT_MS
  const branch = row.childCount > 0
  const level = Math.max(1, row.depth)
  const name = escapeInvisible(row.name)
  const style = { transform: `translateY(${top}px)`, '--indent': `${(level - 1) * INDENT}px` } as CSSProperties
  const toggle = (event: MouseEvent) => {
    event.stopPropagation()
    onToggle(row)
  }
  return (
    <div
      role="treeitem"
      aria-level={level}
      aria-expanded={branch ? row.expanded : undefined}
      aria-selected={selected}
      aria-label={rowLabel(row)}
      tabIndex={focused ? 0 : -1}
      data-index={index}
      className={`tree-row${selected ? ' is-selected' : ''}${isCleared(row) ? ' is-cleared' : ''}`}
      style={style}
      onClick={() => onActivate(row, index)}
    >
      {lit && <span className="row-flash" aria-hidden="true" />}
      <span className="cell-name">
        <span className={`chevron${branch ? '' : ' is-leaf'}${row.expanded ? ' is-open' : ''}`} onClick={branch ? toggle : undefined} aria-hidden="true">
          {branch && <ChevronIcon />}
        </span>
        <span className={`name${row.name === '' ? ' is-empty' : ''}`} title={row.topic}>
          {row.name === '' ? '(empty)' : name}
        </span>
        {row.retained && (
          <span className="badge-r" title="retained">
            R
          </span>
        )}
        {row.sparkplug && (
          <span
            className={`badge-sparkplug is-${row.sparkplug}`}
            title={`Sparkplug B: ${row.sparkplug} (${row.sparkplug === 'online' ? 'after its BIRTH' : 'after its DEATH'})`}
          >
            {row.sparkplug}
          </span>
        )}
        {branch && (
          <span className="subtopics" title={`${row.subtreeTopics} subtopics`}>
            {formatCount(row.subtreeTopics)}
          </span>
        )}
        {row.ownMessages > 0 && (
          <span className={`preview${row.binary ? ' is-binary' : ''}`}>
            <span className="preview-text">{row.preview}</span>
            {row.previewCut && (
              <span className="cut" title={`preview shows part of ${formatCount(row.lastBytes)} bytes`}>
                …
              </span>
            )}
          </span>
        )}
        {selected && branch && (
          <button
            type="button"
            className="row-action"
            tabIndex={-1}
            aria-label="Expand all below"
            title="Expand all below (*)"
            onClick={(e) => {
              e.stopPropagation()
              onExpandAll(row)
            }}
          >
            <ExpandAllIcon />
          </button>
        )}
      </span>
      <Counts row={row} />
      <span className="cell-rate">{row.rate > 0 ? formatRate(row.rate) : ''}</span>
      <span className="cell-age" title={row.subtreeLastAt > 0 ? `last message ${formatDateTime(row.subtreeLastAt)}` : undefined}>
        {row.subtreeLastAt > 0 ? formatAge(now, row.subtreeLastAt) : ''}
      </span>
    </div>
  )
}, sameRowProps)
