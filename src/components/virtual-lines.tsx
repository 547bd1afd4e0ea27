import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, type ReactNode } from 'react'

interface VirtualLinesProps {
  readonly count: number
  /** Fixed height of every line, px. */
  readonly lineHeight: number
  readonly renderLine: (index: number) => ReactNode
  readonly className?: string
  readonly label: string
  /** The box grows with its lines up to this height, px (and at most half the window: CSS). */
  readonly maxHeight?: number
}

/**
 * A scroll box that draws only the lines in view (plus a few), each `lineHeight` px: 20,000 lines
 * of JSON or 16,384 rows of hex cost the page what one screen shows. The box is a focusable
 * region, so it can be scrolled with the keyboard.
 */
export function VirtualLines({ count, lineHeight, renderLine, className, label, maxHeight = 420 }: VirtualLinesProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => lineHeight,
    overscan: 20,
    useFlushSync: false,
  })
  return (
    <div
      ref={scrollRef}
      className={`virtual-lines${className ? ` ${className}` : ''}`}
      role="region"
      aria-label={label}
      tabIndex={0}
      style={{ height: Math.min(maxHeight, count * lineHeight + 20) }}
    >
      <div className="virtual-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div key={item.key} className="virtual-line" style={{ transform: `translateY(${item.start}px)`, height: lineHeight }}>
            {renderLine(item.index)}
          </div>
        ))}
      </div>
    </div>
  )
}
