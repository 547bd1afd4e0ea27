import { useEffect, useLayoutEffect, useRef } from 'react'

export interface ElementSize {
  readonly width: number
  readonly height: number
}

/**
 * Calls `onSize` with the element's content size (whole px) whenever it changes, from a
 * ResizeObserver, and with undefined when it goes away or has no room: how a chart learns how big
 * to draw, and tells the worker how many buckets to send.
 */
export function useElementSize<T extends HTMLElement>(onSize: (size: ElementSize | undefined) => void) {
  const ref = useRef<T>(null)
  const callback = useRef(onSize)
  useLayoutEffect(() => {
    callback.current = onSize
  })
  useEffect(() => {
    const element = ref.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver((entries) => {
      const box = entries.at(-1)?.contentRect
      const width = Math.floor(box?.width ?? 0)
      const height = Math.floor(box?.height ?? 0)
      callback.current(width > 0 && height > 0 ? { width, height } : undefined)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      callback.current(undefined)
    }
  }, [])
  return ref
}
