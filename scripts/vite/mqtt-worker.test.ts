import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { withNodeGlobals } from './mqtt-worker.ts'

const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url))

/** What withNodeGlobals prepends to a file under node_modules (undefined: nothing). */
function prepended(file: string): string | undefined {
  const path = nodeModules + file
  const code = readFileSync(path, 'utf8')
  return withNodeGlobals(code, path)?.slice(0, -code.length)
}

describe("the worker's Node globals for CommonJS in node_modules", () => {
  it('binds process and Buffer where a module reads them free', () => {
    expect(prepended('mqtt/build/lib/shared.js')).toBe("var process = require('process/browser.js');")
    expect(prepended('mqtt/build/lib/connect/index.js')).toBe("var process = require('process/browser.js');")
    expect(prepended('process-nextick-args/index.js')).toBe("var process = require('process/browser.js');")
    expect(prepended('rfdc/index.js')).toBe("var Buffer = require('buffer').Buffer;")
  })

  it('leaves modules that declare or require their own alone', () => {
    for (const file of [
      'buffer/index.js',
      'readable-stream/lib/internal/streams/readable.js',
      'mqtt/build/lib/connect/ws.js',
      'mqtt-packet/numbers.js',
      'process/browser.js',
    ])
      expect(prepended(file), file).toBeUndefined()
  })

  it('never touches our own sources or ES modules', () => {
    expect(withNodeGlobals('const x = process.env', '/work/src/worker/x.ts')).toBeUndefined()
    expect(withNodeGlobals('import a from "b"\nBuffer.from(a)', '/p/node_modules/x/index.js')).toBeUndefined()
  })
})
