/**
 * `npm run lint`'s cycle check. import-x/no-cycle (in eslint.config.js) skips type-only imports by
 * design; this stricter check counts them too, because a type that two folders pass back and forth
 * ties their layers together just as much as a value does. One exception, named in
 * docs/architecture.md: the zustand slices in src/store import the store's combined type from
 * app-store.ts, which imports the slices.
 *
 * Imports are read with TypeScript's own pre-processor (every `import`, `export … from`, `import()`),
 * resolved like the code is (relative paths with their extension, the `@/` alias for src/), and the
 * strongly connected components of the graph are the cycles.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(import.meta.dirname, '../..')
const folders = ['src', 'server', 'e2e', 'bench', 'scripts']
const allowed = [/^src\/store\//]

export function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(file)
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [file] : []
  })
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@/')
    ? path.join(root, 'src', specifier.slice(2))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : undefined
  if (base === undefined) return undefined
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return undefined
}

/** The import graph: file -> files it imports (type-only imports included). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const targets = info.importedFiles.map((entry) => resolveImport(file, entry.fileName)).filter((target): target is string => target !== undefined)
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** Tarjan's strongly connected components with more than one file (or a file importing itself). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (node: string): void => {
    index.set(node, counter)
    low.set(node, counter)
    counter += 1
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== node)
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort())
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return cycles
}

function isAllowed(cycle: readonly string[]): boolean {
  return cycle.every((file) => allowed.some((pattern) => pattern.test(path.relative(root, file))))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = folders.flatMap((folder) => sourceFiles(path.join(root, folder)))
  const cycles = findCycles(importGraph(files)).filter((cycle) => !isAllowed(cycle))
  for (const cycle of cycles) process.stderr.write(`import cycle: ${cycle.map((file) => path.relative(root, file)).join(' <-> ')}\n`)
  process.stdout.write(`import cycles: ${cycles.length} in ${files.length} files\n`)
  process.exitCode = cycles.length === 0 ? 0 : 1
}
