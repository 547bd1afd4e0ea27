import type { JsonLine } from '@/model/json-lines.ts'

/**
 * What names an open line in the set of collapsed containers: its path, so a container stays
 * collapsed when the next message has the same shape; paths cut for length ("$…") are not
 * unique, so those go by line index.
 */
export function collapseKey(line: JsonLine, index: number): string {
  return line.path.startsWith('$…') ? `#${index}` : line.path
}

/**
 * Indices of the lines to draw: a collapsed container shows only its open line (the view adds
 * "… N items"), its contents and close line are skipped. Iterative and O(lines shown + 1 per
 * collapsed container), so 10,000 levels are no problem.
 */
export function visibleLines(lines: readonly JsonLine[], collapsed: ReadonlySet<string>): number[] {
  const out: number[] = []
  for (let i = 0; i < lines.length; i++) {
    out.push(i)
    const line = lines[i]!
    if (line.kind === 'open' && collapsed.size > 0 && collapsed.has(collapseKey(line, i))) i = line.closeIndex ?? lines.length
  }
  return out
}
