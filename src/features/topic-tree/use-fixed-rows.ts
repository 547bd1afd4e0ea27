import { useCallback, useLayoutEffect, useState, type RefObject } from 'react'
import { rowsInView, scrollTopFor, type RowItem } from './fixed-rows.ts'

interface View {
  readonly offset: number
  readonly height: number
}

export interface FixedRows {
  readonly items: RowItem[]
  readonly totalSize: number
  /** scrollTop and clientHeight of the scroll element, as last seen. */
  readonly view: View
  scrollToIndex(index: number, align: 'auto' | 'center'): void
}

/**
 * A virtual list of `count` rows of `rowHeight` pixels in `scrollRef`'s element: the rows to draw
 * follow its scroll position and size (scroll events and a ResizeObserver).
 */
export function useFixedRows(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan: number): FixedRows {
  const [view, setView] = useState<View>({ offset: 0, height: 0 })

  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const read = () =>
      setView((seen) =>
        seen.offset === element.scrollTop && seen.height === element.clientHeight ? seen : { offset: element.scrollTop, height: element.clientHeight },
      )
    read()
    element.addEventListener('scroll', read, { passive: true })
    const resize = new ResizeObserver(read)
    resize.observe(element)
    return () => {
      element.removeEventListener('scroll', read)
      resize.disconnect()
    }
  }, [scrollRef])

  const scrollToIndex = useCallback(
    (index: number, align: 'auto' | 'center') => {
      const element = scrollRef.current
      if (!element) return
      const top = scrollTopFor(index, align, rowHeight, count, element.scrollTop, element.clientHeight)
      if (top !== element.scrollTop) element.scrollTop = top
    },
    [scrollRef, rowHeight, count],
  )

  return { items: rowsInView(count, rowHeight, view.offset, view.height, overscan), totalSize: count * rowHeight, view, scrollToIndex }
}
