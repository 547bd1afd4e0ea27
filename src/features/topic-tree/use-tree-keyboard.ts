import type { KeyboardEvent } from 'react'
import type { TreeRow } from '@/model/batch-types.ts'
import { isTypeAheadKey } from './use-type-ahead.ts'

interface TreeKeyboard {
  readonly rowCount: number
  readonly focusIndex: number
  readonly pageSize: number
  readonly rowAt: (index: number) => TreeRow | undefined
  /** Moves focus to a row; the selection follows it (see use-follow-focus.ts). */
  readonly moveFocus: (index: number) => void
  readonly select: (id: number) => void
  readonly toggle: (id: number, expanded?: boolean) => void
  readonly expandSubtree: (id: number) => void
  /** Delete: clear the row's retained message (the caller confirms first). */
  readonly clearRetained: (row: TreeRow) => void
  /** A printable character: type-ahead on row names. */
  readonly typeAhead: (key: string) => void
}

/** The WAI-ARIA tree keys (type-ahead included), over a virtual list whose rows may not all be loaded. */
export function treeKeyHandler(k: TreeKeyboard): (event: KeyboardEvent) => void {
  const { rowCount, focusIndex: i, rowAt, moveFocus } = k
  const clamp = (index: number) => Math.max(0, Math.min(rowCount - 1, index))
  return (event) => {
    if (rowCount === 0 || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.target instanceof HTMLElement && event.target.closest('button, input, select, textarea')) return
    const row = rowAt(i)
    switch (event.key) {
      case 'ArrowDown':
        moveFocus(clamp(i + 1))
        break
      case 'ArrowUp':
        moveFocus(clamp(i - 1))
        break
      case 'PageDown':
        moveFocus(clamp(i + k.pageSize))
        break
      case 'PageUp':
        moveFocus(clamp(i - k.pageSize))
        break
      case 'Home':
        moveFocus(0)
        break
      case 'End':
        moveFocus(rowCount - 1)
        break
      case 'ArrowRight':
        if (!row || row.childCount === 0) break
        if (row.expanded) moveFocus(clamp(i + 1))
        else k.toggle(row.id, true)
        break
      case 'ArrowLeft':
        if (!row) break
        if (row.childCount > 0 && row.expanded) k.toggle(row.id, false)
        else moveFocus(parentIndex(rowAt, i, row.depth))
        break
      case 'Enter':
        if (!row) break
        k.select(row.id)
        if (row.childCount > 0) k.toggle(row.id)
        break
      case ' ':
        if (row) k.select(row.id)
        break
      case '*':
        if (row && row.childCount > 0) k.expandSubtree(row.id)
        break
      case 'Delete':
        // Only a topic known to hold a retained message: clearing publishes an empty message every subscriber receives.
        if (!row || !row.retained) return
        k.select(row.id)
        k.clearRetained(row)
        break
      default:
        if (!isTypeAheadKey(event.key)) return
        k.typeAhead(event.key)
    }
    event.preventDefault()
  }
}

/** The nearest loaded row above `index` with a smaller depth, or `index` itself. */
function parentIndex(rowAt: (index: number) => TreeRow | undefined, index: number, depth: number): number {
  for (let j = index - 1; j >= 0; j--) {
    const candidate = rowAt(j)
    if (!candidate) return index
    if (candidate.depth < depth) return j
  }
  return index
}
