import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url))

/** Where a benchmark keeps its last record: docs/bench-results/<name>.json (committed with docs/benchmarks.md). */
export function resultFile(name: string): string {
  return join(PROJECT_DIR, 'docs', 'bench-results', `${name}.json`)
}

/** Writes `record` as indented JSON (through `replacer`, if given); returns its path, from the project when inside it. */
export async function saveResult(file: string, record: unknown, replacer?: (key: string, value: unknown) => unknown): Promise<string> {
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(record, replacer, 2)}\n`)
  const inProject = relative(PROJECT_DIR, file)
  return inProject.startsWith('..') ? file : inProject
}
