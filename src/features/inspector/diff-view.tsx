import { formatCount } from '@/components/format.ts'
import type { Inspection } from '@/model/inspection-types.ts'

type Diff = NonNullable<Inspection['diff']>

/** Removed lines are <del>, added ones <ins> (roles deletion, insertion); the +/− signs are CSS, not text. */
function DiffLine({ op, line }: { op: 'same' | 'added' | 'removed'; line: string }) {
  if (op === 'removed') return <del className="diff-line diff-removed">{line}</del>
  if (op === 'added') return <ins className="diff-line diff-added">{line}</ins>
  return <div className="diff-line">{line}</div>
}

/**
 * The shown message against the message kept before it: added lines green, removed red, runs of
 * unchanged lines as "N unchanged lines"; binary payloads as a byte summary. Lines are escaped
 * (payload-diff.ts) and rendered as text.
 */
export function DiffView({ diff }: { diff: Diff | undefined }) {
  if (!diff) return <p className="empty-note">Computing the diff…</p>
  switch (diff.kind) {
    case 'no-previous':
      return <p className="empty-note">No earlier message of this topic is kept to compare with.</p>
    case 'identical':
      return <p className="diff-summary">Identical to the previous message.</p>
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
