import { downloadText } from '@/components/download.ts'
import { useAppStore } from '@/store/app-store.ts'
import { chartFileName } from './chart-file-name.ts'

/**
 * Asks the worker for the chart's CSV and saves it as "<title>.csv"; returns what to tell the
 * person. The file starts with a byte order mark so Excel reads non-ASCII topic names as UTF-8.
 */
export async function exportChartCsv(chartId: string, title: string): Promise<{ text: string; error: boolean }> {
  const result = await useAppStore.getState().requestChartCsv(chartId)
  if ('error' in result) return { text: `Could not export CSV: ${result.error}`, error: true }
  const name = chartFileName(title, 'csv')
  downloadText(name, '\uFEFF' + result.csv, 'text/csv;charset=utf-8')
  const rows = `${result.rows.toLocaleString('en-US')} ${result.rows === 1 ? 'row' : 'rows'}`
  const left = result.truncated ? `; ${result.omittedRows.toLocaleString('en-US')} newer rows left out (too many)` : ''
  return { text: `Saved ${name} (${rows}${left})`, error: false }
}

/** What the PNG shows besides the plot: the title and a legend. */
export interface PngLegend {
  readonly title: string
  readonly series: ReadonlyArray<{ readonly label: string; readonly color: string; readonly hidden?: boolean }>
}

// Properties that decide how the plot looks; copied inline so the image needs no stylesheet.
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const

const SVG_NS = 'http://www.w3.org/2000/svg'
const HEADER = 28
const LEGEND_ROW = 18

/** The nearest opaque background colour at or above `element`. */
function backgroundOf(element: Element): string {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const color = getComputedStyle(at).backgroundColor
    if (color && color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color
  }
  return '#ffffff'
}

function svgText(text: string, x: number, y: number, style: string): SVGTextElement {
  const node = document.createElementNS(SVG_NS, 'text')
  node.setAttribute('x', String(x))
  node.setAttribute('y', String(y))
  node.setAttribute('style', style)
  node.textContent = text
  return node
}

/** The chart as a standalone SVG document: computed colours inline, a background, title and legend. */
export function chartSvg(plot: SVGSVGElement, legend: PngLegend): { xml: string; width: number; height: number } {
  const box = plot.getBoundingClientRect()
  const width = Math.ceil(box.width)
  const plotHeight = Math.ceil(box.height)
  const height = HEADER + plotHeight + 8 + legend.series.length * LEGEND_ROW + 8
  const rootStyle = getComputedStyle(plot)
  const color = rootStyle.color || '#1b1f24'
  const font = `font-family: ${rootStyle.fontFamily}; font-size: 12px; fill: ${color};`

  const clone = plot.cloneNode(true) as SVGSVGElement
  const from = [plot, ...plot.querySelectorAll('*')]
  const to = [clone, ...clone.querySelectorAll('*')]
  from.forEach((element, i) => {
    const target = to[i]
    if (!target) return
    const computed = getComputedStyle(element)
    target.setAttribute('style', STYLE_PROPS.map((p) => `${p}: ${computed.getPropertyValue(p)}`).join('; '))
    target.removeAttribute('class')
  })
  clone.setAttribute('x', '0')
  clone.setAttribute('y', String(HEADER))
  clone.setAttribute('width', String(width))
  clone.setAttribute('height', String(plotHeight))

  const root = document.createElementNS(SVG_NS, 'svg')
  root.setAttribute('xmlns', SVG_NS)
  root.setAttribute('width', String(width))
  root.setAttribute('height', String(height))
  root.setAttribute('viewBox', `0 0 ${width} ${height}`)
  const background = document.createElementNS(SVG_NS, 'rect')
  background.setAttribute('width', '100%')
  background.setAttribute('height', '100%')
  background.setAttribute('fill', backgroundOf(plot))
  root.append(background, svgText(legend.title, 12, 19, `${font} font-size: 13px; font-weight: 600;`), clone)
  legend.series.forEach((s, i) => {
    const y = HEADER + plotHeight + 8 + i * LEGEND_ROW
    const swatch = document.createElementNS(SVG_NS, 'rect')
    swatch.setAttribute('x', '12')
    swatch.setAttribute('y', String(y + 4))
    swatch.setAttribute('width', '14')
    swatch.setAttribute('height', '4')
    swatch.setAttribute('fill', s.color)
    root.append(swatch, svgText(s.hidden ? `${s.label} (hidden)` : s.label, 32, y + 10, font))
  })
  return { xml: new XMLSerializer().serializeToString(root), width, height }
}

/** Saves a Blob as a file the browser downloads. */
function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Draws the chart's SVG on a canvas (twice the pixels, for sharp text) and saves it as "<title>.png". */
export async function exportChartPng(plot: SVGSVGElement, legend: PngLegend): Promise<string> {
  const { xml, width, height } = chartSvg(plot, legend)
  const image = new Image()
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`
  await image.decode()
  const scale = Math.max(2, Math.ceil(globalThis.devicePixelRatio || 1))
  const canvas = document.createElement('canvas')
  canvas.width = width * scale
  canvas.height = height * scale
  const context = canvas.getContext('2d')
  if (!context) throw new Error('this browser cannot draw the image')
  context.scale(scale, scale)
  context.drawImage(image, 0, 0, width, height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('the image could not be made')
  const name = chartFileName(legend.title, 'png')
  saveBlob(name, blob)
  return name
}
