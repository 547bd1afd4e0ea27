/**
 * The first load's structure (not its timing): a real vite build, read as the page would load it.
 * The charts (recharts) and the binary payload decoders must not be in what index.html and the
 * worker load before the first message; they come with a dynamic import when needed.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_DIR } from '../common/results.ts'
import { analyzeBuild, groupOf, initialCarries, LATER, loadedEarly, WORKER_LATER, type InitialLoad } from './initial-load.ts'

const OUT = join(PROJECT_DIR, 'node_modules/.cache/bench/bundle-dist-test')

describe('the first load', () => {
  let load: InitialLoad
  beforeAll(() => {
    const run = spawnSync(join(PROJECT_DIR, 'node_modules/.bin/vite'), ['build', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'error'], { cwd: PROJECT_DIR })
    expect(run.status, run.stderr?.toString()).toBe(0)
    load = analyzeBuild(OUT, PROJECT_DIR)
  }, 180_000)

  it('loads the main-thread JS, the CSS and the worker, each with what it carries', () => {
    const roles = new Set(load.files.map((f) => f.role))
    expect([...roles]).toEqual(expect.arrayContaining(['html', 'main', 'css', 'worker', 'lazy']))
    const carried = initialCarries(load)
    expect(carried).toContain('react-dom')
    expect(carried).toContain('mqtt')
    expect(carried).toContain('src/features/topic-tree')
    expect(load.initialJsGzip).toBe(load.mainJsGzip + load.workerJsGzip)
  })

  it('leaves recharts, the decoders, the regex engine, the topic details, the chart and publish panels, Measure, the dashboard and the dialogs to dynamic imports', () => {
    expect(loadedEarly(load, LATER)).toEqual([])
    const lazy = new Set(load.files.filter((f) => f.role === 'lazy').flatMap((f) => f.carries.map((c) => c.what)))
    for (const later of [
      'recharts',
      'protobufjs',
      'cbor-x',
      '@msgpack/msgpack',
      're2js',
      'src/features/charts',
      'src/features/publish',
      'src/features/inspector',
    ])
      expect(lazy, `${later} in a lazy chunk`).toContain(later)
  })

  it("leaves the worker's publisher and PUBLISH sending, inspector and diffs, retained scan, clear, listing and restore to chunks loaded on first use", () => {
    const worker = new Set(load.files.filter((f) => f.role === 'worker').flatMap((f) => f.modules))
    const lazy = new Set(load.files.filter((f) => f.role === 'lazy').flatMap((f) => f.modules))
    for (const later of WORKER_LATER) {
      expect(worker.has(later), `${later} in the worker's first load`).toBe(false)
      expect(lazy.has(later), `${later} in a lazy chunk`).toBe(true)
    }
    // What the first message needs stays: the session, the tree, the retained tracker, the decoding.
    for (const early of ['src/worker/mqtt-session.ts', 'src/worker/retained-tracker.ts', 'src/worker/decoding.ts', 'src/worker/broker-limits.ts'])
      expect(worker.has(early), `${early} in the worker's first load`).toBe(true)
  })

  it("bundles MQTT.js into the worker from its sources (mqtt/build), not its prebuilt browser bundle (mqtt/dist), with none of the dist's Node polyfills", () => {
    const worker = load.files.filter((f) => f.role === 'worker')
    expect(worker.length).toBeGreaterThan(0)
    const modules = worker.flatMap((f) => f.modules)
    expect(modules.filter((m) => m.includes('node_modules/mqtt/dist/'))).toEqual([])
    expect(modules).toContain('node_modules/mqtt/build/lib/client.js')
    expect(modules).toContain('node_modules/mqtt/build/lib/connect/ws.js')
    const carried = new Set(worker.flatMap((f) => f.carries.map((c) => c.what)))
    for (const absent of ['url', 'punycode', 'lru-cache', 'worker-timers', '@jspm/core', 'debug', 'socks', 'ws', 'abort-controller'])
      expect(carried, `${absent} in the worker`).not.toContain(absent)
    // Node-only and mini-program connectors are stubbed, and readable-stream comes without its operators.
    for (const stubbed of ['tcp', 'tls', 'socks', 'wx', 'ali']) expect(modules).not.toContain(`node_modules/mqtt/build/lib/connect/${stubbed}.js`)
    expect(modules).not.toContain('node_modules/readable-stream/lib/internal/streams/operators.js')
  })
})

describe('groupOf', () => {
  it('names a source by its npm package or src folder', () => {
    expect(groupOf('node_modules/recharts/es6/chart/LineChart.js')).toBe('recharts')
    expect(groupOf('node_modules/@msgpack/msgpack/dist.esm/index.mjs')).toBe('@msgpack/msgpack')
    expect(groupOf('src/features/charts/chart-plot.tsx')).toBe('src/features/charts')
    expect(groupOf('src/model/line-path.ts')).toBe('src/model')
    expect(groupOf('src/main.tsx')).toBe('src')
  })
})
