import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'

interface ChunkedTextProps {
  /** The text in pieces of a few thousand characters (laid out one piece at a time). */
  readonly chunks: readonly string[]
  readonly className?: string
  /** Rough rendered height of one chunk, px, until it is measured. */
  readonly estimate: number
}

/**
 * Long, wrapping text in a scroll box, drawn a chunk at a time: only the chunks in view (and one
 * either side) are in the page, each measured once drawn. 256 KiB in one text node would take the
 * browser a couple of hundred milliseconds to lay out; a chunk takes a few. Text nodes only.
 */
export function ChunkedText({ chunks, className, estimate }: ChunkedTextProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: chunks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimate,
    overscan: 1,
    useFlushSync: false,
  })
  return (
    <div ref={scrollRef} className={`chunked-text${className ? ` ${className}` : ''}`} tabIndex={0}>
      <div className="chunked-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="chunk" style={{ transform: `translateY(${item.start}px)` }}>
            {chunks[item.index]}
          </div>
        ))}
      </div>
    </div>
  )
}
