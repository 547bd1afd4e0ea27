import { useCallback, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react'
import { readStored, writeStored } from './stored-value.ts'

interface SplitPaneProps {
  /** Names the remembered size in localStorage. */
  readonly id: string
  /** "row": panes side by side (the second on the right); "column": the second below. */
  readonly direction: 'row' | 'column'
  readonly first: ReactNode
  /** The pane whose size is set by dragging; when absent the first pane takes all the room. */
  readonly second?: ReactNode
  /** Size of the second pane in px. */
  readonly defaultSize: number
  readonly minSize: number
  /** Room the first pane always keeps, px. */
  readonly minFirst: number
  /** Accessible name of the drag handle ("Resize details panel"). */
  readonly handleLabel: string
  /**
   * The second pane takes only the room its content needs (a collapsed panel's header) and the
   * handle goes away; the remembered size comes back when it opens again. The panes stay mounted.
   */
  readonly collapsed?: boolean
  readonly className?: string
}

const STEP = 16

function storedSize(id: string, fallback: number): number {
  const value = Number(readStored(`split/${id}`))
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/**
 * Two panes with a draggable, keyboard-operable separator; the size is remembered. On narrow
 * screens the CSS stacks the panes and hides the handle (see .split in styles.css).
 */
export function SplitPane({ id, direction, first, second, defaultSize, minSize, minFirst, handleLabel, collapsed = false, className }: SplitPaneProps) {
  const [size, setSize] = useState(() => storedSize(id, defaultSize))
  const container = useRef<HTMLDivElement>(null)
  const dragging = useRef(false)

  const clamp = useCallback(
    (value: number) => {
      const rect = container.current?.getBoundingClientRect()
      const total = rect ? (direction === 'row' ? rect.width : rect.height) : Infinity
      return Math.round(Math.max(minSize, Math.min(value, total - minFirst)))
    },
    [direction, minSize, minFirst],
  )
  const commit = (value: number) => {
    const next = clamp(value)
    setSize(next)
    writeStored(`split/${id}`, String(next))
  }

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return
    dragging.current = true
    event.currentTarget.setPointerCapture(event.pointerId)
    event.preventDefault()
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const rect = container.current?.getBoundingClientRect()
    if (!dragging.current || !rect) return
    setSize(clamp(direction === 'row' ? rect.right - event.clientX : rect.bottom - event.clientY))
  }
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return
    dragging.current = false
    event.currentTarget.releasePointerCapture(event.pointerId)
    commit(size)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const grow = direction === 'row' ? 'ArrowLeft' : 'ArrowUp'
    const shrink = direction === 'row' ? 'ArrowRight' : 'ArrowDown'
    if (event.key === grow) commit(size + STEP)
    else if (event.key === shrink) commit(size - STEP)
    else if (event.key === 'Home') commit(minSize)
    else if (event.key === 'End') commit(Infinity)
    else return
    event.preventDefault()
  }

  // The CSS also keeps minFirst for the first pane when the window shrinks (not only when dragging).
  const style = { '--split-size': `${size}px`, '--split-min-first': `${minFirst}px` } as CSSProperties
  const modifier = !second ? ' split-single' : collapsed ? ' split-collapsed' : ''
  return (
    <div ref={container} className={`split split-${direction}${modifier}${className ? ` ${className}` : ''}`} style={style}>
      <div className="split-pane split-first">{first}</div>
      {second && (
        <>
          {!collapsed && (
            <div
              className="split-handle"
              role="separator"
              aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
              aria-label={handleLabel}
              aria-valuenow={size}
              aria-valuemin={minSize}
              tabIndex={0}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onDoubleClick={() => commit(defaultSize)}
              onKeyDown={onKeyDown}
            />
          )}
          <div className="split-pane split-second">{second}</div>
        </>
      )}
    </div>
  )
}
