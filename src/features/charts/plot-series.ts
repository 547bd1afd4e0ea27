/**
 * The visible series of a plot, handed to its lines and tooltip through a context of their own
 * rather than as props: the recharts chart around them (axes, grid, layers) is one memoised
 * element that changes only with its size, time domain and value extent, so a redraw that changes
 * only the lines (new points in the same view, a series hidden or shown) re-renders the lines and
 * the tooltip, not recharts (chart-plot.tsx).
 */
import { createContext } from 'react'
import type { LineSeries } from '@/model/line-path.ts'

/** A visible series as the plot draws it: its line and what its tooltip row says. */
export interface PlotSeries extends LineSeries {
  readonly label: string
}

export const PlotSeriesContext = createContext<readonly PlotSeries[]>([])
