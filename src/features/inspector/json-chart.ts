import type { JsonLine } from '@/model/json-lines.ts'
import { formatPath, type Segment } from '@/model/json-path.ts'
import { LIMITS } from '@/model/limits.ts'

/** What a JSON view line's "Chart <path>" button pins: a value, or each element of an array. */
export interface LineChartTarget {
  readonly path: Segment[]
  /** An array of chartable values: one series per element path[i], i < elements. */
  readonly elements?: number
  /** The button's name: "Chart temp", "Chart sensors[0].value", "Chart values". */
  readonly label: string
}

interface LineIndex {
  /** Index of each line's container line (-1 for the root). */
  readonly parents: Int32Array
  /** 1 for an array's open line when every element is a number or boolean. */
  readonly chartableArrays: Uint8Array
}

/** A number (finite: "Infinity" is what a too-large JSON number became) or a boolean, as the view shows it. */
export function isChartableText(text: string | undefined): boolean {
  if (text === undefined) return false
  if (text === 'true' || text === 'false') return true
  const c = text.charCodeAt(0)
  return (c === 45 /* - */ || (c >= 48 && c <= 57)) && Number.isFinite(Number(text))
}

// One pass over the lines per document (lines come from the worker's window: at most
// LIMITS.display.jsonLines), so each drawn row finds its path in O(depth), not by walking back
// over every sibling before it (an element late in a 20,000-element array).
const indexes = new WeakMap<readonly JsonLine[], LineIndex>()

function lineIndex(lines: readonly JsonLine[]): LineIndex {
  let index = indexes.get(lines)
  if (index) return index
  const parents = new Int32Array(lines.length).fill(-1)
  const bad = new Uint8Array(lines.length)
  const open: number[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.kind === 'close') {
      open.pop()
      continue
    }
    const parent = open.at(-1) ?? -1
    parents[i] = parent
    if (parent >= 0 && !(line.kind === 'value' && isChartableText(line.text))) bad[parent] = 1
    if (line.kind === 'open') open.push(i)
  }
  const chartableArrays = new Uint8Array(lines.length)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    // A container cut by the line budget (no close line) may hold more than is seen: not offered.
    if (line.kind === 'open' && line.bracket === '[' && line.closeIndex !== undefined && bad[i] === 0) chartableArrays[i] = 1
  }
  index = { parents, chartableArrays }
  indexes.set(lines, index)
  return index
}

/**
 * What line `index` can chart, if anything: a number or boolean value (not the root: the
 * inspector's own "Chart" button pins a plain payload), or an array whose elements all are. Not
 * offered deeper than LIMITS.charts.pathDepth, where names would be unreadably long.
 */
export function lineChartTarget(lines: readonly JsonLine[], index: number): LineChartTarget | undefined {
  const line = lines[index]
  if (!line || line.depth > LIMITS.charts.pathDepth) return undefined
  const { parents, chartableArrays } = lineIndex(lines)
  const isValue = line.kind === 'value' && line.key !== undefined && isChartableText(line.text)
  const isArray = line.kind === 'open' && chartableArrays[index] === 1
  if (!isValue && !isArray) return undefined
  const path: Segment[] = []
  for (let at = index; at >= 0 && lines[at]!.key !== undefined; at = parents[at]!) path.push(lines[at]!.key!)
  path.reverse()
  const shown = formatPath(path)
  if (isValue) return { path, label: `Chart ${shown}` }
  return { path, elements: line.childCount ?? 0, label: path.length === 0 ? 'Chart elements' : `Chart ${shown}` }
}
