/**
 * The chart's tooltip: under the pointer, each visible series' nearest drawn point, with its exact
 * value and time. The drawn points are the ones the worker kept (every point, or a bucket's first,
 * min, max and last), so every value shown is one that arrived, never an interpolation.
 */
import { useContext, useState, type PointerEvent } from 'react'
import { createPortal } from 'react-dom'
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts'
import { nearestIndex } from '@/model/line-path.ts'
import { isoTime } from './plot-data.ts'
import { PlotSeriesContext } from './plot-series.ts'

interface Hit {
  readonly id: string
  readonly label: string
  readonly color: string
  readonly t: number
  readonly v: number
  readonly x: number
  readonly y: number
}

/** A series' point counts when it is at most this far (px) from the pointer along the time axis. */
const REACH_PX = 24

/** Values as they are (String gives the shortest text that reads back as the same number). */
const exact = (value: number): string => String(value)

export interface ChartHoverProps {
  /** The time axis [from, to] (the scale is linear: the pointer's time is read back from it). */
  readonly domain: readonly [number, number]
  /** Where the tooltip box goes (a positioned element around the chart). */
  readonly host: HTMLElement | null
}

/** The series come from PlotSeriesContext (chart-plot.tsx), like the lines'. */
export function ChartHover({ domain, host }: ChartHoverProps) {
  const series = useContext(PlotSeriesContext)
  const area = usePlotArea()
  const x = useXAxisScale()
  const y = useYAxisScale()
  // Where the pointer is (px from the chart's left); the points under it are found on each render,
  // so a live chart's tooltip follows new data without the pointer moving.
  const [pointerX, setPointerX] = useState<number>()
  if (!area || !x || !y) return null

  const hits: Hit[] = []
  if (pointerX !== undefined) {
    const x0 = x(domain[0]) ?? NaN
    const x1 = x(domain[1]) ?? NaN
    const t = x1 !== x0 ? domain[0] + ((pointerX - x0) / (x1 - x0)) * (domain[1] - domain[0]) : domain[0]
    for (const s of series) {
      if (!s.points) continue
      const i = nearestIndex(s.points.times, t)
      if (i < 0) continue
      const pt = s.points.times[i]!
      const pv = s.points.values[i]!
      const hx = x(pt) ?? NaN
      const hy = y(pv) ?? NaN
      if (!Number.isFinite(hx) || !Number.isFinite(hy) || Math.abs(hx - pointerX) > REACH_PX) continue
      hits.push({ id: s.id, label: s.label, color: s.color, t: pt, v: pv, x: hx, y: hy })
    }
  }
  const onMove = (event: PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.ownerSVGElement?.getBoundingClientRect()
    if (box) setPointerX(event.clientX - box.left)
  }

  // The heading is the time of the point nearest the pointer; a row whose point is at another
  // moment says when.
  const px = pointerX ?? 0
  const first = hits.reduce<Hit | undefined>((best, h) => (!best || Math.abs(h.x - px) < Math.abs(best.x - px) ? h : best), undefined)
  const right = px < area.x + area.width / 2
  return (
    <g className="chart-hover">
      {first && <line className="chart-cursor" x1={first.x} x2={first.x} y1={area.y} y2={area.y + area.height} />}
      {hits.map((h) => (
        <circle key={h.id} className="chart-active-dot" cx={h.x} cy={h.y} r={3} fill={h.color} />
      ))}
      <rect
        x={area.x}
        y={area.y}
        width={area.width}
        height={area.height}
        fill="transparent"
        onPointerMove={onMove}
        onPointerLeave={() => setPointerX(undefined)}
      />
      {first &&
        host &&
        createPortal(
          <div
            className="chart-tooltip"
            role="tooltip"
            style={right ? { left: first.x + 12, top: area.y } : { right: `calc(100% - ${first.x - 12}px)`, top: area.y }}
          >
            <div className="chart-tooltip-time">{isoTime(first.t)}</div>
            <ul>
              {hits.map((h) => (
                <li key={h.id} style={{ color: h.color }}>
                  <span className="chart-tooltip-name">{h.label}</span>: <span className="chart-tooltip-value">{exact(h.v)}</span>
                  {h.t !== first.t && <span className="chart-tooltip-at"> at {isoTime(h.t)}</span>}
                </li>
              ))}
            </ul>
          </div>,
          host,
        )}
    </g>
  )
}
