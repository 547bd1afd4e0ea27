/**
 * Just enough of Source Map v3 to name a minified function in a CPU profile: decode the
 * "mappings" VLQ of the app's own dist/assets/*.js.map and look up a generated line:column.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]))

/** [generatedColumn, sourceIndex, originalLine, originalColumn, nameIndex (-1 if none)] */
type Segment = readonly [number, number, number, number, number]

interface RawMap {
  readonly sources: readonly string[]
  readonly names: readonly string[]
  readonly mappings: string
}

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = []
  let source = 0
  let originalLine = 0
  let originalColumn = 0
  let name = 0
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = []
    let column = 0
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue
      const values: number[] = []
      let value = 0
      let shift = 0
      for (const c of segmentText) {
        const digit = DIGIT.get(c) ?? 0
        value += (digit & 31) << shift
        if (digit & 32) {
          shift += 5
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1)
          value = 0
          shift = 0
        }
      }
      column += values[0] ?? 0
      if (values.length >= 4) {
        source += values[1]!
        originalLine += values[2]!
        originalColumn += values[3]!
        if (values.length >= 5) name += values[4]!
        segments.push([column, source, originalLine, originalColumn, values.length >= 5 ? name : -1])
      }
    }
    lines.push(segments)
  }
  return lines
}

export class SourceMapIndex {
  readonly #lines: Segment[][]
  readonly #sources: readonly string[]
  readonly #names: readonly string[]

  constructor(raw: RawMap) {
    this.#lines = decodeMappings(raw.mappings)
    this.#sources = raw.sources.map((s) => s.replace(/^(\.\.\/)+/, ''))
    this.#names = raw.names
  }

  /** The original place of generated 0-based line:column, as "src/file.ts:LINE" (+ name if mapped). */
  lookup(line: number, column: number): { source: string; line: number; name: string | undefined } | undefined {
    const segments = this.#lines[line]
    if (!segments || segments.length === 0) return undefined
    let lo = 0
    let hi = segments.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (segments[mid]![0] <= column) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    const segment = segments[Math.max(0, found)]!
    return { source: this.#sources[segment[1]] ?? '?', line: segment[2] + 1, name: segment[4] >= 0 ? this.#names[segment[4]] : undefined }
  }
}

/** Source maps of the built app's scripts, by script file name; missing maps are skipped. */
export function loadAppSourceMaps(distDir: string): (url: string, line: number, column: number) => string | undefined {
  const cache = new Map<string, SourceMapIndex | undefined>()
  return (url, line, column) => {
    const file = url.replace(/[?#].*$/, '').replace(/^.*\//, '')
    if (!file.endsWith('.js')) return undefined
    if (!cache.has(file)) {
      const mapFile = path.join(distDir, 'assets', `${file}.map`)
      cache.set(file, existsSync(mapFile) ? new SourceMapIndex(JSON.parse(readFileSync(mapFile, 'utf8')) as RawMap) : undefined)
    }
    const place = cache.get(file)?.lookup(line, column)
    return place ? `${place.name ? `${place.name} ` : ''}${place.source}:${place.line}` : undefined
  }
}
