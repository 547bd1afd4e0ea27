import './clear-retained.css'
import { useId } from 'react'
import { formatCount } from '@/components/format.ts'
import { ModalDialog } from '@/components/modal-dialog.tsx'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'
import type { ClearDialog } from '@/store/retained-slice.ts'

const topics = (n: number): string => `${formatCount(n)} retained ${n === 1 ? 'topic' : 'topics'}`
/** How many topic names the confirmation lists before "and N more". */
const LISTED = 8

function Question({ dialog }: { dialog: Extract<ClearDialog, { phase: 'confirm' }> }) {
  if (dialog.selection === true) return <p>{`Clear the ${topics(dialog.topics.length)} selected in the Retained view?`}</p>
  const topic = escapeInvisible(dialog.topic)
  if (!dialog.subtree) return <p>Clear the retained message of {topic}?</p>
  if (dialog.topics.length === 0) return <p>No retained topics below {topic}.</p>
  return <p>{`Clear ${topics(dialog.topics.length)} below ${topic}?`}</p>
}

function Body({ dialog }: { dialog: ClearDialog }) {
  switch (dialog.phase) {
    case 'scanning':
      return <p role="status">Asking the broker which topics below {escapeInvisible(dialog.topic)} hold a retained message…</p>
    case 'confirm':
      return (
        <>
          <Question dialog={dialog} />
          {dialog.subtree && dialog.topics.length > 0 && (
            <ul className="clear-topics">
              {dialog.topics.slice(0, LISTED).map((t) => (
                <li key={t}>{escapeInvisible(t)}</li>
              ))}
              {dialog.topics.length > LISTED && <li className="more">and {formatCount(dialog.topics.length - LISTED)} more</li>}
            </ul>
          )}
          {dialog.scanError && (
            <p className="inline-error">Could not ask the broker ({dialog.scanError}): only the retained topics this page has seen are listed.</p>
          )}
          {dialog.partial && !dialog.scanError && (
            <p className="field-hint">The broker was still sending retained messages when the scan stopped: there may be more.</p>
          )}
          {(dialog.topics.length > 0 || !dialog.subtree) && (
            <p className="clear-warning">
              {dialog.subtree || dialog.topics.length !== 1 ? 'Every subscriber of these topics' : 'Every subscriber of this topic'} receives a zero-byte
              message now; a device that treats its topic as a command may act on it.
            </p>
          )}
          <p className="field-hint">Each clear is an empty retained message sent at QoS 1 and acknowledged by the broker. This cannot be undone.</p>
        </>
      )
    case 'clearing': {
      const { total, done, failed } = dialog.progress
      return (
        <>
          <p role="status">
            {`Cleared ${formatCount(done)} of ${formatCount(total)}…`}
            {failed > 0 && ` (${formatCount(failed)} failed)`}
          </p>
          <progress max={total} value={done + failed} aria-label="Clearing retained messages" />
        </>
      )
    }
    case 'done': {
      const { total, done, failed, errors } = dialog.progress
      return (
        <>
          <p role="status">{failed === 0 ? `Cleared ${topics(done)}` : `Cleared ${formatCount(done)} of ${topics(total)}; ${formatCount(failed)} failed`}</p>
          {errors.length > 0 && (
            <ul className="clear-errors" aria-label="Failures">
              {errors.map((e, i) => (
                <li key={i}>
                  {e.topic === '' ? '' : `${escapeInvisible(e.topic)}: `}
                  {e.reason}
                </li>
              ))}
              {failed > errors.length && <li className="more">and {formatCount(failed - errors.length)} more</li>}
            </ul>
          )}
        </>
      )
    }
  }
}

/**
 * Clearing retained messages, step by step: scan (subtree), confirm with the count, progress,
 * final report. Opened by "Clear retained", "Clear retained below" and the Delete key.
 */
export function ClearRetainedDialog() {
  const dialog = useAppStore((s) => s.clearDialog)
  const { confirmClearRetained, closeClearDialog } = useAppStore.getState()
  const bodyId = useId()
  const canClear = dialog?.phase === 'confirm' && dialog.topics.length > 0
  return (
    <ModalDialog
      open={dialog !== undefined}
      onClose={closeClearDialog}
      label="Clear retained messages"
      role="alertdialog"
      describedBy={bodyId}
      locked={dialog?.phase === 'clearing'}
      className="clear-dialog"
    >
      {dialog && (
        <>
          <div className="modal-body">
            <h2>Clear retained messages</h2>
            <div id={bodyId} className="clear-body">
              <Body dialog={dialog} />
            </div>
          </div>
          <div className="modal-actions">
            {dialog.phase === 'done' ? (
              <button type="button" className="primary" onClick={closeClearDialog} autoFocus>
                Close
              </button>
            ) : (
              <>
                <button type="button" onClick={closeClearDialog} disabled={dialog.phase === 'clearing'} autoFocus>
                  Cancel
                </button>
                {(dialog.phase !== 'confirm' || canClear) && (
                  <button type="button" className="danger-fill" disabled={!canClear} onClick={confirmClearRetained}>
                    Clear
                  </button>
                )}
              </>
            )}
          </div>
        </>
      )}
    </ModalDialog>
  )
}
