import { useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { VirtualLines } from '@/components/virtual-lines.tsx'
import { fitBytesPerLine, formatHexOffset, hexLineCount } from '@/model/hex-dump.ts'
import { hexRow, type DecodedView } from './decode-view.ts'

const LINE_HEIGHT = 18
/** Left and right padding of a row (.hex-line), px, plus a little slack for rounding. */
const ROW_CHROME_PX = 2 * 10 + 4

/** Width of one character of the element's (monospace) font, px. */
function charWidth(element: HTMLElement): number {
  const context = document.createElement('canvas').getContext('2d')
  if (!context) return 7.2
  const style = getComputedStyle(element)
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
  return context.measureText('0'.repeat(16)).width / 16 || 7.2
}

/**
 * How many bytes a row shows so that offset, hex and ASCII all fit the box (16, or 8 or 4 on a
 * narrow pane): the ASCII column is never behind a horizontal scroll. Follows the box's width.
 */
function useBytesPerRow(totalBytes: number): { ref: RefObject<HTMLDivElement | null>; perRow: number } {
  const ref = useRef<HTMLDivElement>(null)
  const [perRow, setPerRow] = useState(16)
  useLayoutEffect(() => {
    const element = ref.current
    // The scroll box: its font, and its inner width (without borders and a vertical scroll bar).
    const box = () => element?.querySelector<HTMLElement>('.hex-view') ?? element
    const first = box()
    if (!element || !first) return
    const width = charWidth(first)
    const fit = () => setPerRow(fitBytesPerLine(Math.floor((box()!.clientWidth - ROW_CHROME_PX) / width), totalBytes))
    fit()
    const observer = new ResizeObserver(fit)
    observer.observe(element)
    return () => observer.disconnect()
  }, [totalBytes])
  return { ref, perRow }
}

/** The Hex view: a classic dump (offset, hex, ASCII), rows made only when drawn. */
export function HexView({ decoded, totalBytes }: { decoded: Extract<DecodedView, { view: 'hex' }>; totalBytes: number }) {
  const { ref, perRow } = useBytesPerRow(totalBytes)
  return (
    <div ref={ref} className="hex-fit">
      <VirtualLines
        key={perRow}
        className="payload-box hex-view"
        label="Hex rows"
        count={hexLineCount(decoded.bytes.length, perRow)}
        lineHeight={LINE_HEIGHT}
        renderLine={(i) => {
          const line = hexRow(decoded, i, perRow)
          return (
            <span className="hex-line">
              <span className="hex-offset">{formatHexOffset(line.offset, totalBytes)}</span>
              {'  '}
              {line.hex}
              {'  '}
              <span className="hex-ascii">{line.ascii}</span>
            </span>
          )
        }}
      />
    </div>
  )
}
