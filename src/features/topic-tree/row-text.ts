import type { TreeRow } from '../../worker/protocol.ts'

/** The row's accessible name; it starts with the node's own name. Plain integers, no separators. */
export function rowLabel(row: TreeRow): string {
  const base = `${row.name || '(empty)'}, ${row.subtreeMessages} messages, ${row.subtreeTopics} subtopics`
  return row.retained ? `${base}, retained` : base
}

/** The loaded row at `index`, if the last batch carried it. */
export function rowAt(tree: { readonly start: number; readonly rows: readonly TreeRow[] }, index: number): TreeRow | undefined {
  return index >= tree.start ? tree.rows[index - tree.start] : undefined
}
