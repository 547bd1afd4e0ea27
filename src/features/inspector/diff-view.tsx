import { formatCount } from '@/components/format.ts'
import type { Inspection } from '@/model/inspection-types.ts'
import { KeyDiffTable } from './key-diff-table.tsx'

type Diff = NonNullable<Inspection['diff']>

/** Removed lines are <del>, added ones <ins> (roles deletion, insertion); the +/− signs are CSS, not text. */
function DiffLine({ op, line }: { op: 'same' | 'added' | 'removed'; line: string }) {
  if (op === 'removed') return <del className="diff-line diff-removed">{line}</del>
  if (op === 'added') return <ins className="diff-line diff-added">{line}</ins>
  return <div className="diff-line">{line}</div>
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`

/**
 * Two messages of a topic compared (the older first): JSON by key path as a table, or by line with
 * added lines green, removed red, runs of unchanged lines as "N unchanged lines"; text by line;
 * binary payloads as a byte summary. Everything is escaped (payload-diff.ts) and rendered as text.
 */
export function DiffView({ diff }: { diff: Diff | undefined }) {
  if (!diff) return <p className="empty-note">Computing the diff…</p>
  switch (diff.kind) {
    case 'no-previous':
      return <p className="empty-note">No earlier message of this topic is kept to compare with.</p>
    case 'base-gone':
      return <p className="empty-note">The message to compare with is no longer kept: the history budget evicted it.</p>
    case 'identical':
      return <p className="diff-summary">The two messages are identical.</p>
    case 'keys':
      if (diff.changes.length === 0 && diff.unlisted === 0) {
        return <p className="diff-summary">JSON, by key path: the same keys and values (only the formatting or the key order differs).</p>
      }
      return (
        <>
          <p className="diff-summary">
            JSON, by key path: {plural(diff.changed, 'changed', 'changed')}, <span className="diff-added-count">{plural(diff.added, 'added', 'added')}</span>,{' '}
            <span className="diff-removed-count">{plural(diff.removed, 'removed', 'removed')}</span>
          </p>
          <KeyDiffTable changes={diff.changes} unlisted={diff.unlisted} />
        </>
      )
    case 'too-large':
      return <p className="diff-summary">Not compared: {diff.reason}.</p>
    case 'bytes':
      return (
        <p className="diff-summary">
          Binary: {formatCount(diff.changedBytes)} {diff.changedBytes === 1 ? 'byte differs' : 'bytes differ'}, the first at offset{' '}
          {formatCount(diff.firstDifference)} (0x
          {diff.firstDifference.toString(16)});{' '}
          {diff.sameLength ? `both ${formatCount(diff.newBytes)} bytes` : `${formatCount(diff.oldBytes)} → ${formatCount(diff.newBytes)} bytes`}.
        </p>
      )
    case 'lines':
      return (
        <>
          <p className="diff-summary">
            {diff.format === 'json' ? 'JSON, compared as formatted lines' : 'Text, by line'}:{' '}
            <span className="diff-added-count">+{formatCount(diff.added)}</span> <span className="diff-removed-count">−{formatCount(diff.removed)}</span>
            {diff.added === 0 && diff.removed === 0 && ' (only the formatting changed)'}
          </p>
          <div className="payload-box diff-view" role="region" aria-label="Diff" tabIndex={0}>
            {diff.hunks.map((hunk, h) =>
              hunk.op === 'skipped' ? (
                <div key={h} className="diff-line diff-skipped">
                  ⋯ {formatCount(hunk.count)} unchanged {hunk.count === 1 ? 'line' : 'lines'}
                </div>
              ) : (
                hunk.lines.map((line, i) => <DiffLine key={`${h}-${i}`} op={hunk.op} line={line} />)
              ),
            )}
          </div>
        </>
      )
  }
}
