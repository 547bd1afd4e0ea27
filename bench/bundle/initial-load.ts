/**
 * What the page fetches before the first message can show (issue 18, "first load"), read from a
 * vite build: the JS and CSS index.html loads, every module those import statically, and the
 * worker each of them starts (`new Worker(new URL(...))`) with its own static imports. Dynamic
 * imports (`import(...)`) are what loads later (a chart, a dialog, a decoder) and are listed apart.
 * Sizes are raw and gzip (zlib level 9); what a file carries comes from its source map.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * Of the worker's code, what loads on first use (lazy-publisher.ts, lazy-inspector.ts,
 * lazy-retained.ts, and mqtt-session.ts's publish-send.ts): what only answers a user's action.
 */
export const WORKER_LATER = [
  'src/worker/publisher.ts',
  'src/worker/publish-acks.ts',
  'src/worker/publish-packet.ts',
  'src/worker/inspector.ts',
  'src/worker/binary-inspection.ts',
  'src/model/payload-diff.ts',
  'src/model/line-diff.ts',
  'src/model/json-key-diff.ts',
  'src/model/payload-decoders.ts',
  'src/worker/retained-jobs.ts',
  'src/worker/retained-clear.ts',
  'src/worker/retained-view-service.ts',
  'src/worker/retained-list.ts',
  'src/worker/retained-restore.ts',
  'src/model/recording-jsonl.ts',
  'src/model/publish-template.ts',
  'src/model/json-source.ts',
]

/** Of WORKER_LATER, what the main thread's first screen carries for itself (only the worker's first load is checked for them). */
const FIRST_SCREEN_TOO = ['src/model/publish-template.ts', 'src/model/json-source.ts']

/**
 * What the first screen does not show, so should not load: charts (recharts), the binary payload
 * decoders, the selected topic's details (payload views, history, diffs), panels and dialogs opened
 * later, the worker's Measure probe and watch and its recording reader, and the worker's code that
 * only answers a user's action: the publisher and what sends a PUBLISH, the inspector with its
 * diffs, the retained scan, clear, listing and restore.
 */
export const LATER = [
  'recharts',
  'protobufjs',
  'cbor-x',
  '@msgpack/msgpack',
  're2js',
  'src/model/binary-decoders.ts',
  'src/features/charts/charts-panel.tsx',
  'src/features/charts/chart-plot.tsx',
  'src/features/broker-dashboard/broker-panel.tsx',
  'src/features/measure/measure-panel.tsx',
  'src/worker/measure-service.ts',
  'src/model/measure/probe-run.ts',
  'src/model/measure/watch-run.ts',
  'src/worker/recording-session.ts',
  'src/worker/recording-source.ts',
  ...WORKER_LATER.filter((path) => !FIRST_SCREEN_TOO.includes(path)),
  'src/features/publish/publish-panel.tsx',
  'src/features/connection/profile-dialog.tsx',
  'src/features/clear-retained/clear-retained-dialog.tsx',
  'src/features/inspector/topic-details.tsx',
  'src/features/inspector/history-list.tsx',
  'src/features/inspector/diff-view.tsx',
  'src/features/inspector/json-view.tsx',
]

export type FileRole = 'html' | 'main' | 'css' | 'worker' | 'lazy'

export interface BundleFile {
  /** Path under the build directory ("assets/index-abc.js"). */
  readonly file: string
  readonly role: FileRole
  readonly bytes: number
  readonly gzipBytes: number
  /** npm packages and src folders the file carries, largest first, by source-mapped bytes. */
  readonly carries: ReadonlyArray<{ readonly what: string; readonly bytes: number }>
  /** The source files it carries, relative to the project ("src/features/charts/chart-plot.tsx", "node_modules/recharts/…"). */
  readonly modules: readonly string[]
}

export interface InitialLoad {
  readonly files: readonly BundleFile[]
  /** gzip bytes of main-thread JS (html script + static imports), of the worker JS, of CSS. */
  readonly mainJsGzip: number
  readonly workerJsGzip: number
  readonly cssGzip: number
  /** main + worker JS: what the "≤ 150 KB gzip" counts. */
  readonly initialJsGzip: number
}

const STATIC_IMPORT = /(?:^|[;\s})])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g
const DYNAMIC_IMPORT = /import\(\s*[`"']([^`"']+\.js)[`"']\s*\)/g
const WORKER_URL = /new\s+(?:Shared)?Worker\(\s*new\s+URL\(\s*[`"']([^`"']+\.js)[`"']/g
const HTML_SCRIPT = /<script[^>]*\bsrc="([^"]+)"/g
const HTML_LINK = /<link[^>]*\brel="(stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"|<link[^>]*\bhref="([^"]+)"[^>]*\brel="(stylesheet|modulepreload)"/g

/** A reference from `from` (a file under dir, or the html) to a path under dir. */
function resolveRef(from: string, ref: string): string {
  if (ref.startsWith('/')) return ref.slice(1)
  const base = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : ''
  const parts = (base + ref).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.') out.push(p)
  }
  return out.join('/')
}

function matches(re: RegExp, text: string, group = 1): string[] {
  return [...text.matchAll(re)].map((m) => m[group] ?? '').filter((s) => s !== '')
}

/** `projectDir`: where source paths are made relative to (the source maps name them from the build directory). */
export function analyzeBuild(dir: string, projectDir: string): InitialLoad {
  const read = (file: string) => readFileSync(join(dir, file))
  const html = read('index.html').toString('utf8')
  const roles = new Map<string, FileRole>([['index.html', 'html']])
  const queue: Array<{ file: string; role: FileRole }> = []
  const add = (file: string, role: FileRole) => {
    const known = roles.get(file)
    // The first screen wins over "lazy": a chunk both imported statically and dynamically loads at once.
    if (known && !(known === 'lazy' && role !== 'lazy')) return
    roles.set(file, role)
    queue.push({ file, role })
  }
  for (const src of matches(HTML_SCRIPT, html)) add(resolveRef('index.html', src), 'main')
  for (const m of html.matchAll(HTML_LINK)) {
    const rel = m[1] ?? m[4]
    const href = m[2] ?? m[3]
    if (href) add(resolveRef('index.html', href), rel === 'stylesheet' ? 'css' : 'main')
  }
  while (queue.length > 0) {
    const { file, role } = queue.shift()!
    if (!file.endsWith('.js')) continue
    const code = read(file).toString('utf8')
    for (const ref of matches(STATIC_IMPORT, code)) add(resolveRef(file, ref), role)
    for (const ref of matches(WORKER_URL, code)) add(resolveRef(file, ref), role === 'lazy' ? 'lazy' : 'worker')
    for (const ref of matches(DYNAMIC_IMPORT, code)) add(resolveRef(file, ref), 'lazy')
  }
  const files = [...roles].map(([file, role]): BundleFile => {
    const bytes = read(file)
    return { file, role, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, ...carriedBy(dir, file, projectDir) }
  })
  const sum = (role: FileRole, ext: string) => files.filter((f) => f.role === role && f.file.endsWith(ext)).reduce((n, f) => n + f.gzipBytes, 0)
  const mainJsGzip = sum('main', '.js')
  const workerJsGzip = sum('worker', '.js')
  const cssGzip = files.filter((f) => f.file.endsWith('.css') && f.role !== 'lazy').reduce((n, f) => n + f.gzipBytes, 0)
  return { files, mainJsGzip, workerJsGzip, cssGzip, initialJsGzip: mainJsGzip + workerJsGzip }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Bytes of generated code per source (from the source map's segments), grouped by npm package or src folder. */
function carriedBy(dir: string, file: string, projectDir: string): Pick<BundleFile, 'carries' | 'modules'> {
  const mapFile = join(dir, `${file}.map`)
  if (!file.endsWith('.js') || !existsSync(mapFile)) return { carries: [], modules: [] }
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string }
  const lines = readFileSync(join(dir, file), 'utf8').split('\n')
  const bySource = new Map<number, number>()
  let source = 0
  map.mappings.split(';').forEach((line, li) => {
    let column = 0
    const segments: Array<[number, number]> = []
    for (const segment of line ? line.split(',') : []) {
      const values: number[] = []
      let value = 0
      let shift = 0
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch)
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1)
          value = 0
          shift = 0
        }
      }
      column += values[0] ?? 0
      if (values.length > 1) source += values[1]!
      segments.push([column, values.length > 1 ? source : -1])
    }
    const length = lines[li]?.length ?? 0
    segments.forEach(([start, src], i) => {
      if (src >= 0) bySource.set(src, (bySource.get(src) ?? 0) + (segments[i + 1]?.[0] ?? length) - start)
    })
  })
  const groups = new Map<string, number>()
  const modules: string[] = []
  for (const [src, bytes] of bySource) {
    const path = sourcePath(map.sources[src] ?? '', dirname(mapFile), projectDir)
    modules.push(path)
    const what = groupOf(path)
    groups.set(what, (groups.get(what) ?? 0) + bytes)
  }
  return { carries: [...groups].map(([what, bytes]) => ({ what, bytes })).sort((a, b) => b.bytes - a.bytes), modules: modules.sort() }
}

/**
 * A source map's source as a project path. Sources are relative to the map, except the worker's,
 * which vite writes relative to the configured dist/assets whatever the --outDir: a path that
 * exists wins.
 */
function sourcePath(source: string, mapDir: string, projectDir: string): string {
  const fromMap = relative(projectDir, resolve(mapDir, source))
  if (existsSync(join(projectDir, fromMap))) return fromMap
  const fromDist = relative(projectDir, resolve(projectDir, 'dist/assets', source))
  return existsSync(join(projectDir, fromDist)) ? fromDist : fromMap
}

/** "recharts", "@msgpack/msgpack", "src/features/charts", "vite" (its helpers). */
export function groupOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)
  if (pkg) return pkg[1]!
  const src = /(?:^|\/)(src\/(?:[^/]+\/)?[^/]+)\//.exec(source)
  if (src) return src[1]!
  const top = /(?:^|\/)src\/[^/]+$/.exec(source)
  if (top) return 'src'
  return source.replace(/^(\.\.\/)+/, '') || '(unmapped)'
}

const initial = (load: InitialLoad) => load.files.filter((f) => f.role === 'main' || f.role === 'worker')

/** Packages / src folders in the files loaded before the first message (main and worker). */
export function initialCarries(load: InitialLoad): Set<string> {
  return new Set(initial(load).flatMap((f) => f.carries.map((c) => c.what)))
}

/** Of `wanted` (npm packages or project paths), those in the files loaded before the first message. */
export function loadedEarly(load: InitialLoad, wanted: readonly string[]): string[] {
  const carried = initialCarries(load)
  const modules = new Set(initial(load).flatMap((f) => f.modules))
  return wanted.filter((w) => carried.has(w) || modules.has(w))
}
