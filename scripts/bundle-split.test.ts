import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DIST_DIR, ensureDistBuilt } from '../server/test-support/dist-build.ts'

/**
 * The binary decoders (protobufjs for Sparkplug B and Protobuf, cbor-x, @msgpack/msgpack) are loaded
 * on first use, never with the page: the JS a fresh page runs (the entry, its static imports, the
 * worker and its static imports) carries none of them. Runs over the build (`npm test` builds first;
 * alone, it builds when dist/ is missing).
 */
const MARKERS: Readonly<Record<string, string>> = {
  'the Sparkplug B schema': 'org.eclipse.tahu.protobuf',
  protobufjs: 'illegal buffer',
  '@msgpack/msgpack': 'Unrecognized type byte',
  'cbor-x': 'end of buffer not reached',
}

const ASSETS = path.join(DIST_DIR, 'assets')
const read = (file: string) => readFileSync(path.join(ASSETS, file), 'utf8')

/** `file` and every chunk it imports statically (import ... from "./x.js"; dynamic import() is not followed). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  for (const match of read(file).matchAll(/\bimport\s*(?:[\w$*{},\s]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g)) staticClosure(match[1]!, seen)
  return seen
}

describe('bundle: the decoders are not in the initial JS', () => {
  it('the entry, the worker and their static imports carry no decoder; the lazily loaded chunk does', () => {
    ensureDistBuilt()
    expect(existsSync(path.join(DIST_DIR, 'index.html')), 'dist/index.html after the build').toBe(true)
    const html = readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8')
    const entries = [...html.matchAll(/<script[^>]+src="\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]!)
    expect(entries, 'the page has an entry script').not.toHaveLength(0)
    const initial = new Set<string>()
    for (const entry of entries) {
      for (const file of staticClosure(entry)) initial.add(file)
      // The worker starts with the page: new Worker(new URL("worker-entry-….js", import.meta.url)).
      for (const m of read(entry).matchAll(/(worker-entry-[\w-]+\.js)/g)) for (const file of staticClosure(m[1]!)) initial.add(file)
    }
    expect(
      [...initial].some((f) => f.startsWith('worker-entry-')),
      'the worker is found from the entry',
    ).toBe(true)

    const lazy = readdirSync(ASSETS).filter((f) => f.endsWith('.js') && !initial.has(f))
    for (const [library, marker] of Object.entries(MARKERS)) {
      expect(
        [...initial].filter((f) => read(f).includes(marker)),
        `${library} in the initial JS`,
      ).toEqual([])
      // The marker is real: some lazily loaded chunk has it (else this test could not fail).
      expect(
        lazy.some((f) => read(f).includes(marker)),
        `${library} found in a lazily loaded chunk`,
      ).toBe(true)
    }
  })
})
