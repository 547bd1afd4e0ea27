import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { afterEach, describe, expect, it } from 'vitest'
import { featureFolders, srcLayers } from './layers.js'
import { findCycles, importGraph, sourceFiles } from './import-cycles.ts'

const root = path.resolve(import.meta.dirname, '../..')
const planted: string[] = []

/** Writes a file into the real tree (lint resolves real paths), lints it, and removes it again. */
async function lintPlanted(relativeFile: string, code: string): Promise<string[]> {
  const file = path.join(root, relativeFile)
  planted.push(file)
  writeFileSync(file, code)
  const [result] = await new ESLint({ cwd: root }).lintFiles([file])
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`)
}

afterEach(() => {
  for (const file of planted.splice(0)) rmSync(file, { force: true })
})

// A cold, type-aware ESLint run builds the TypeScript program first: seconds alone, over a minute
// beside the rest of the suite on 2 cores.
describe('the layer rules', { timeout: 180_000 }, () => {
  it('place every folder of src/ in a layer', () => {
    const folders = readdirSync(path.join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
    expect(folders).toEqual(Object.keys(srcLayers).sort())
  })

  it('refuse model -> store', async () => {
    const messages = await lintPlanted(
      'src/model/planted-lint-probe.ts',
      "import { useAppStore } from '../store/app-store.ts'\nexport const probe = useAppStore\n",
    )
    expect(messages.some((m) => m.startsWith('import-x/no-restricted-paths: ') && m.includes('src/model may not import src/store'))).toBe(true)
  })

  it('refuse feature -> another feature', async () => {
    const [one, other] = featureFolders()
    const otherFile = readdirSync(path.join(root, 'src/features', other!)).find((name) => /\.tsx?$/.test(name) && !name.includes('.test.'))!
    const messages = await lintPlanted(`src/features/${one}/planted-lint-probe.ts`, `export * as probe from '../${other}/${otherFile}'\n`)
    expect(messages.some((m) => m.startsWith('import-x/no-restricted-paths: ') && m.includes(`features/${one} may not import another feature`))).toBe(true)
  })

  it('refuse server -> src/worker, and allow server -> src/model', async () => {
    const worker = readdirSync(path.join(root, 'src/worker')).find((name) => name.endsWith('.ts') && !name.includes('.test.'))!
    const refused = await lintPlanted('server/planted-lint-probe.ts', `export * as probe from '../src/worker/${worker}'\n`)
    expect(
      refused.some(
        (m) => m.includes('server/ may not import src/model and nothing else') || m.includes('server/ may import src/model and nothing else of src/'),
      ),
    ).toBe(true)
    const allowed = await lintPlanted('server/planted-lint-probe-model.ts', "export * as probe from '../src/model/topic-rules.ts'\n")
    expect(allowed.filter((m) => m.startsWith('import-x/no-restricted-paths'))).toEqual([])
  })
})

describe('the cycle check', () => {
  it('finds a cycle, type-only imports included', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ])
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']])
    expect(findCycles(new Map([['a', ['a']]]))).toEqual([['a']])
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([])
  })

  it('finds no cycle in the code outside the store slices', () => {
    const files = ['src', 'server', 'e2e', 'bench', 'scripts'].flatMap((folder) => sourceFiles(path.join(root, folder)))
    const cycles = findCycles(importGraph(files)).filter((cycle) => !cycle.every((file) => path.relative(root, file).startsWith('src/store/')))
    expect(cycles.map((cycle) => cycle.map((file) => path.relative(root, file)))).toEqual([])
  })
})
