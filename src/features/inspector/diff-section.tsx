import { formatTime } from '@/components/format.ts'
import type { Inspection } from '@/model/inspection-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { DiffView } from './diff-view.tsx'

/** JSON diffs can be read by key path (the default) or by line: two toggle buttons. */
function JsonModeButtons() {
  const by = useAppStore((s) => s.inspectRequest.diffBy ?? 'keys')
  const { setDiffBy } = useAppStore.getState()
  return (
    <div className="diff-modes" role="group" aria-label="Compare JSON">
      <button type="button" className={`compact${by === 'keys' ? ' is-on' : ''}`} aria-pressed={by === 'keys'} onClick={() => setDiffBy('keys')}>
        By key path
      </button>
      <button type="button" className={`compact${by === 'lines' ? ' is-on' : ''}`} aria-pressed={by === 'lines'} onClick={() => setDiffBy('lines')}>
        By line
      </button>
    </div>
  )
}

/**
 * The diff of the shown message: against the one before it, or against the entry picked with
 * "Compare" in the history; always from the older message to the newer one, and it says which.
 */
export function DiffSection({ inspection }: { inspection: Inspection }) {
  const comparing = useAppStore((s) => s.inspectRequest.compareWith !== undefined)
  const { diff, diffBetween } = inspection
  const json = diff !== undefined && (diff.kind === 'keys' || (diff.kind === 'lines' && diff.format === 'json'))
  const title = comparing ? 'Diff between two messages' : 'Diff against the previous message'
  return (
    <section className="diff-section" aria-label={title}>
      <div className="diff-header">
        <h4 className="subheading">{title}</h4>
        {json && <JsonModeButtons />}
        {comparing && (
          <button type="button" className="compact" onClick={() => useAppStore.getState().compareWith(undefined)}>
            Compare with the previous message
          </button>
        )}
      </div>
      {diffBetween && (
        <p className="diff-between">
          Changes from the message of {formatTime(diffBetween.from.receivedAt)} to the one of {formatTime(diffBetween.to.receivedAt)}
        </p>
      )}
      <DiffView diff={diff} />
    </section>
  )
}
