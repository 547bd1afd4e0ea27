/**
 * `npm run bench:bundle`: what the first load fetches (bench/bundle/initial-load.ts): a fresh vite
 * build into node_modules/.cache/bench/bundle-dist (dist/ is left alone: the e2e tests serve it), then a table of
 * every file the page loads before the first message (index.html's JS and CSS, their static
 * imports, the worker and its static imports) and of the chunks loaded later, with gzip sizes.
 * Writes docs/bench-results/bundle-size.json. Never fails on size: only when the build fails.
 *
 *   tsx bench/bundle/bundle-size.ts [--dist DIR (read an existing build) [--project DIR (its sources)]] [--out FILE | --no-save]
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_DIR, resultFile, saveResult } from '../common/results.ts'
import { analyzeBuild, LATER, loadedEarly, type BundleFile } from './initial-load.ts'

/** The target: main-thread JS + worker JS before the first message, gzip. */
const TARGET_KB = 150

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)

function build(outDir: string): void {
  const started = Date.now()
  const run = spawnSync(join(PROJECT_DIR, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: PROJECT_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (run.status !== 0) throw new Error(`vite build failed (exit ${run.status ?? run.signal})`)
  process.stdout.write(`built ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

function row(f: BundleFile): string {
  const top = f.carries
    .slice(0, 4)
    .map((c) => `${c.what} ${kb(c.bytes)}`)
    .join(', ')
  return `${f.role.padEnd(6)} | ${f.file.padEnd(44)} | ${kb(f.bytes).padStart(8)} | ${kb(f.gzipBytes).padStart(7)} | ${top}`
}

function main(argv: readonly string[]): Promise<void> {
  const given = flag(argv, '--dist')
  const dir = given ?? join(PROJECT_DIR, 'node_modules/.cache/bench/bundle-dist')
  if (!given) build(dir)
  const load = analyzeBuild(dir, flag(argv, '--project') ?? PROJECT_DIR)
  const order = ['html', 'main', 'css', 'worker', 'lazy']
  const files = [...load.files].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || b.gzipBytes - a.gzipBytes)
  process.stdout.write(`\nrole   | file${' '.repeat(40)} |   KB raw | KB gzip | carries (KB raw, from the source map)\n`)
  for (const f of files) process.stdout.write(`${row(f)}\n`)
  const early = loadedEarly(load, LATER)
  const met = load.initialJsGzip <= TARGET_KB * 1024
  process.stdout.write(
    `\nbefore the first message: main-thread JS ${kb(load.mainJsGzip)} KB + worker JS ${kb(load.workerJsGzip)} KB = ${kb(load.initialJsGzip)} KB gzip ` +
      `(target ≤ ${TARGET_KB} KB: ${met ? 'met' : 'not met'}); CSS ${kb(load.cssGzip)} KB gzip\n` +
      `loaded later: ${kb(load.files.filter((f) => f.role === 'lazy').reduce((n, f) => n + f.gzipBytes, 0))} KB gzip in ${load.files.filter((f) => f.role === 'lazy').length} chunks\n` +
      `in the first load although not needed there: ${early.length > 0 ? early.join(', ') : 'none of ' + LATER.join(', ')}\n`,
  )
  if (argv.includes('--no-save')) return Promise.resolve()
  const out = flag(argv, '--out') ?? resultFile('bundle-size')
  return saveResult(out, {
    benchmark: 'bundle-size',
    at: new Date().toISOString(),
    gzip: 'zlib level 9',
    targetKb: TARGET_KB,
    targetMet: met,
    mainJsGzip: load.mainJsGzip,
    workerJsGzip: load.workerJsGzip,
    initialJsGzip: load.initialJsGzip,
    cssGzip: load.cssGzip,
    notNeededButLoaded: early,
    files: files.map(({ modules, ...f }) => ({ ...f, modules: modules.length, carries: f.carries.slice(0, 12) })),
  }).then((path) => void process.stdout.write(`saved ${path}\n`))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench:bundle: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
