import './topic-tree.css'
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { TreeRow } from '@/model/batch-types.ts'
import { useAppStore, useAppStoreApi } from '@/store/app-store.ts'
import { rowAt } from './row-text.ts'
import { TreeEmpty } from './tree-empty.tsx'
import { ROW_HEIGHT, TreeRowView } from './tree-row.tsx'
import { useFollowFocus } from './use-follow-focus.ts'
import { treeKeyHandler } from './use-tree-keyboard.ts'
import { useRowRange } from './use-row-range.ts'
import { useTypeAhead } from './use-type-ahead.ts'
import { useFixedRows } from './use-fixed-rows.ts'

/**
 * The topic tree as a virtual list over batch.tree.rowCount rows. Only the rows the worker sent
 * (batch.tree.rows, from batch.tree.start) are drawn; the others are placeholders of the same
 * height until the next batch. Keyboard focus is a roving tabindex on the rows; the selection
 * follows it (debounced), a click on a branch selects and opens or closes it.
 */
export function TopicTree({ label = 'Topics' }: { readonly label?: string }) {
  // The store this tree is shown for: the active connection's, or another one's side by side.
  const api = useAppStoreApi()
  const tree = useAppStore((s) => s.batch.tree)
  const selectedId = useAppStore((s) => s.selectedId)
  const connection = useAppStore((s) => s.connection.state)
  const { setRange, select, toggle, expandSubtree, findRow } = api.getState()
  const scrollRef = useRef<HTMLDivElement>(null)
  const [focus, setFocus] = useState<{ index: number; id: number | undefined }>({ index: 0, id: undefined })
  const pendingFocus = useRef(false)

  const { items, totalSize, view, scrollToIndex } = useFixedRows(scrollRef, tree.rowCount, ROW_HEIGHT, 6)

  // The focused row keeps focus when sorting or new topics move it to another index.
  const byId = focus.id === undefined ? -1 : tree.rows.findIndex((r) => r.id === focus.id)
  const focusIndex = Math.max(0, Math.min(tree.rowCount - 1, byId >= 0 ? tree.start + byId : focus.index))

  const viewport = view.height
  const first = Math.floor(view.offset / ROW_HEIGHT)
  const visible = Math.max(1, Math.ceil((viewport || 800) / ROW_HEIGHT))
  useRowRange(first, first + visible, connection, setRange)

  const { follow, cancel: cancelFollow } = useFollowFocus(rowAt(tree, focusIndex)?.id, selectedId, select)
  const typeAhead = useTypeAhead(findRow)

  const moveFocus = useCallback(
    (index: number, id?: number) => {
      setFocus({ index, id: id ?? rowAt(api.getState().batch.tree, index)?.id })
      pendingFocus.current = true
      follow()
      scrollToIndex(index, 'auto')
    },
    [scrollToIndex, follow, api],
  )

  // A row the worker located: type-ahead moves focus there; a revealed topic (Busiest topics) is
  // scrolled into view and takes the roving focus without taking keyboard focus from where it is.
  const located = tree.located
  const seenLocated = useRef(located?.seq)
  useEffect(() => {
    if (!located || located.seq === seenLocated.current) return
    seenLocated.current = located.seq
    if (located.index === undefined) return
    if (located.by === 'find') return moveFocus(located.index, located.id)
    setFocus({ index: located.index, id: located.id })
    scrollToIndex(located.index, 'center')
  }, [located, moveFocus, scrollToIndex])

  // Move DOM focus to the focused row once it is drawn; meanwhile the tree itself holds focus.
  useLayoutEffect(() => {
    if (!pendingFocus.current) return
    const container = scrollRef.current
    const element = container?.querySelector<HTMLElement>(`[role="treeitem"][data-index="${focusIndex}"]`)
    if (element) {
      element.focus({ preventScroll: true })
      pendingFocus.current = false
    } else if (container && document.activeElement !== container) container.focus({ preventScroll: true })
  })

  // A click selects the row at once and, on a branch, opens or closes it (as in MQTT Explorer).
  const onActivate = useCallback(
    (row: TreeRow, index: number) => {
      cancelFollow()
      setFocus({ index, id: row.id })
      const { select: selectNow, toggle: toggleNow } = api.getState()
      selectNow(row.id)
      if (row.childCount > 0) toggleNow(row.id)
    },
    [cancelFollow, api],
  )
  const onToggle = useCallback((row: TreeRow) => api.getState().toggle(row.id), [api])
  const onExpandAll = useCallback((row: TreeRow) => api.getState().expandSubtree(row.id), [api])

  const onKeyDown = treeKeyHandler({
    rowCount: tree.rowCount,
    focusIndex,
    pageSize: Math.max(1, visible - 1),
    rowAt: (index) => rowAt(tree, index),
    moveFocus,
    select,
    toggle,
    expandSubtree,
    clearRetained: (row) => api.getState().askClearRetained({ id: row.id, topic: row.topic, subtree: false }),
    typeAhead: (key) => typeAhead(key, focusIndex),
  })

  const focusDrawn = items.some((item) => item.index === focusIndex && rowAt(tree, item.index) !== undefined)
  return (
    <div className="tree-frame">
      <div className="tree-columns" aria-hidden="true">
        <span>Topic</span>
        <span className="cell-count">Messages</span>
        <span className="cell-rate">msg/s</span>
        <span className="cell-age">Last</span>
      </div>
      <div
        ref={scrollRef}
        role="tree"
        aria-label={label}
        className="tree-scroll"
        tabIndex={focusDrawn ? -1 : 0}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          if (event.target !== event.currentTarget) return
          pendingFocus.current = true
          scrollRef.current?.querySelector<HTMLElement>(`[role="treeitem"][data-index="${focusIndex}"]`)?.focus({ preventScroll: true })
        }}
      >
        <div className="tree-sizer" style={{ height: totalSize }}>
          {items.map((item) => {
            const row = rowAt(tree, item.index)
            if (!row)
              return <div key={`p${item.index}`} className="tree-row is-placeholder" style={{ transform: `translateY(${item.start}px)` }} aria-hidden="true" />
            return (
              <TreeRowView
                key={row.id}
                row={row}
                index={item.index}
                top={item.start}
                focused={item.index === focusIndex}
                selected={row.id === selectedId}
                onActivate={onActivate}
                onToggle={onToggle}
                onExpandAll={onExpandAll}
              />
            )
          })}
        </div>
      </div>
      {tree.rowCount === 0 && <TreeEmpty />}
    </div>
  )
}
