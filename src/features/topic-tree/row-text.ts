import type { TreeRow } from '@/model/batch-types.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'

/** The row's accessible name; it starts with the node's own name. Plain integers, no separators. */
export function rowLabel(row: TreeRow): string {
  // Escaped like the visible name, so a bidi override in a topic cannot reorder what is read out.
  const base = `${row.name === '' ? '(empty)' : escapeInvisible(row.name)}, ${row.subtreeMessages} messages, ${row.subtreeTopics} subtopics`
  const state = row.sparkplug ? `, ${row.sparkplug}` : ''
  return row.retained ? `${base}, retained${state}` : `${base}${state}`
}

/** The loaded row at `index`, if the last batch carried it. */
export function rowAt(tree: { readonly start: number; readonly rows: readonly TreeRow[] }, index: number): TreeRow | undefined {
  return index >= tree.start ? tree.rows[index - tree.start] : undefined
}
