import { useMemo, useState, type ReactNode } from 'react'
import { ChevronIcon } from '@/components/icons.tsx'
import { VirtualLines } from '@/components/virtual-lines.tsx'
import type { JsonLine } from '@/model/json-lines.ts'
import type { JsonView as JsonViewData } from '@/model/payload-decoders.ts'
import { lineChartTarget, type LineChartTarget } from './json-chart.ts'
import { collapseKey, visibleLines } from './json-visible.ts'

const LINE_HEIGHT = 18
/** Indentation stops growing here; deeper lines say their depth instead (10,000 levels fit the panel). */
const MAX_INDENT = 24
const INDENT_PX = 12

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`
}

/**
 * "Chart" beside a number, boolean or array of them: pins the value (or each element of the array)
 * into the current chart. Always visible and labelled "Chart" (by CSS, so the line's text still reads
 * and copies as the JSON it shows); its accessible name says which value ("Chart temp",
 * "Chart sensors[0].value").
 */
function ChartButton({ target, onChart }: { target: LineChartTarget; onChart: (target: LineChartTarget) => void }) {
  return (
    <button
      type="button"
      className="json-chart"
      aria-label={target.label}
      title={target.elements !== undefined ? `${target.label}: one series per element` : target.label}
      onClick={() => onChart(target)}
    >
      <svg
        className="icon"
        width="11"
        height="11"
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
      >
        <path d="M2 13.5h12M2.5 11l3.5-4 3 2.5L13.5 4" />
      </svg>
    </button>
  )
}

/**
 * One line. An open line is one button (chevron, key, bracket) that folds its container; its name
 * is what it shows. Inline layout only: the line reads (and copies) as the JSON text it shows.
 */
function Line({
  line,
  index,
  collapsed,
  onToggle,
  chart,
}: {
  line: JsonLine
  index: number
  collapsed: boolean
  onToggle: (line: JsonLine, index: number) => void
  chart: ReactNode
}) {
  const indent = Math.min(line.depth, MAX_INDENT) * INDENT_PX
  const key = line.keyText !== undefined && typeof line.key === 'string' ? <span className="json-key">{line.keyText}: </span> : null
  const depth = line.depth > MAX_INDENT ? <span className="json-depth">⋯{line.depth} </span> : null
  if (line.kind === 'open') {
    const items = line.bracket === '{' ? count(line.childCount ?? 0, 'member', 'members') : count(line.childCount ?? 0, 'item', 'items')
    return (
      <div className="json-line" style={{ paddingLeft: indent }}>
        {depth}
        <button
          type="button"
          className={`json-open${collapsed ? '' : ' is-open'}`}
          aria-expanded={!collapsed}
          title={`${collapsed ? 'Expand' : 'Collapse'} ${line.path}`}
          onClick={() => onToggle(line, index)}
        >
          <ChevronIcon />
          {key}
          <span className="json-bracket">{line.bracket}</span>
          {collapsed && (
            <span className="json-collapsed">
              {' '}
              … {items} {line.bracket === '{' ? '}' : ']'}
            </span>
          )}
        </button>
        {chart}
      </div>
    )
  }
  return (
    <div className="json-line is-leaf" style={{ paddingLeft: indent }}>
      {depth}
      {key}
      {line.text !== undefined && <span className={`json-value json-${valueKind(line.text)}`}>{line.text}</span>}
      {line.bracket !== undefined && <span className="json-bracket">{line.bracket}</span>}
      {line.lossy && (
        <span className="json-warn" title="this number cannot be held exactly by JavaScript: it may differ from the payload">
          {' '}
          ≈
        </span>
      )}
      {chart}
    </div>
  )
}

function valueKind(text: string): string {
  const c = text.charAt(0)
  if (c === '"') return 'string'
  if (c === 't' || c === 'f') return 'bool'
  if (c === 'n') return 'null'
  if (c === '[' || c === '{') return 'bracket'
  return 'number'
}

/**
 * The collapsible JSON view: a flat, virtualized list of lines (json-lines.ts), indented by depth;
 * never a component per nesting level, so 10,000 levels render like 10,000 lines. With `onChart`,
 * number and boolean lines (and arrays of them) get a "Chart <path>" button (those `chartTarget` keeps).
 */
export function JsonView({
  json,
  onChart,
  chartTarget,
}: {
  json: JsonViewData
  onChart?: ((target: LineChartTarget) => void) | undefined
  /** Which lines a decoded view charts, and as what (a Sparkplug metric's value line charts the metric by name); identity when absent. */
  chartTarget?: ((target: LineChartTarget) => LineChartTarget | undefined) | undefined
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const shown = useMemo(() => visibleLines(json.lines, collapsed), [json.lines, collapsed])
  const toggle = (line: JsonLine, index: number) => {
    const key = collapseKey(line, index)
    setCollapsed((prev) => {
      const next = new Set(prev)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })
  }
  return (
    <>
      {(json.truncated || json.precisionLoss || json.bom) && (
        <ul className="view-notes">
          {json.truncated && (
            <li>Only the start is shown: the document is longer than {json.lineLimit.toLocaleString('en')} lines (see Text, or download it).</li>
          )}
          {json.precisionLoss && (
            <li>{count(json.impreciseIntegers, 'integer is', 'integers are')} too large for JavaScript numbers (marked ≈): see Text for the exact digits.</li>
          )}
          {json.bom && <li>The payload starts with a byte order mark (skipped).</li>}
        </ul>
      )}
      <VirtualLines
        className="payload-box json-view"
        label="JSON lines"
        count={shown.length}
        lineHeight={LINE_HEIGHT}
        renderLine={(i) => {
          const index = shown[i]!
          const line = json.lines[index]!
          const found = onChart ? lineChartTarget(json.lines, index) : undefined
          const target = found && chartTarget ? chartTarget(found) : found
          return (
            <Line
              line={line}
              index={index}
              collapsed={line.kind === 'open' && collapsed.has(collapseKey(line, index))}
              onToggle={toggle}
              chart={target && onChart ? <ChartButton target={target} onChart={onChart} /> : null}
            />
          )
        }}
      />
    </>
  )
}
