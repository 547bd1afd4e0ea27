import { useId, useState } from 'react'
import { formatBytes, formatCount } from '@/components/format.ts'
import { ModalDialog } from '@/components/modal-dialog.tsx'
import { LIMITS } from '@/model/limits.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import type { RecordedMessage } from '@/model/recording-jsonl.ts'
import { parseRestoreJsonl } from '@/model/retained-export.ts'
import type { RestoreProgress } from '@/model/retained-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import type { RestoreTargetChoice } from '@/store/retained-view-slice.ts'

const CURRENT = 'current'

type Parsed = { readonly file: string; readonly messages: readonly RecordedMessage[] } | { readonly file: string; readonly error: string }

function Progress({ progress }: { progress: RestoreProgress }) {
  const { total, done, refused, finished, reasons, error } = progress
  if (error !== undefined)
    return (
      <p role="alert" className="inline-error">
        {`Nothing was restored: ${error}`}
      </p>
    )
  if (!finished)
    return (
      <>
        <p role="status">{`Restored ${formatCount(done)} of ${formatCount(total)}…${refused > 0 ? ` (${formatCount(refused)} refused)` : ''}`}</p>
        <progress max={total} value={done + refused} aria-label="Restoring retained messages" />
      </>
    )
  return (
    <>
      <p role="status">
        {refused === 0
          ? `Restored ${formatCount(done)} retained ${done === 1 ? 'message' : 'messages'}`
          : `Restored ${formatCount(done)} of ${formatCount(total)}; ${formatCount(refused)} refused`}
      </p>
      {reasons.length > 0 && (
        <ul className="clear-errors" aria-label="Refusals">
          {reasons.map((r) => (
            <li key={r.reason}>{`${formatCount(r.count)} × ${r.reason} (e.g. ${escapeInvisible(r.topic)})`}</li>
          ))}
        </ul>
      )}
    </>
  )
}

/**
 * "Restore…": reads a JSONL backup (the recordings format), all or nothing (a bad line is named
 * and nothing is published), then publishes every message retained to the current connection's
 * broker or to another profile's (a migration), with progress and a report of the refusals.
 */
export function RestoreDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const profiles = useAppStore((s) => s.profiles)
  const activeProfileId = useAppStore((s) => s.activeProfileId)
  const progress = useAppStore((s) => s.restoreProgress)
  const { startRestore, dismissRestore } = useAppStore.getState()
  const [parsed, setParsed] = useState<Parsed | undefined>()
  const [target, setTarget] = useState(CURRENT)
  const [problem, setProblem] = useState<string | undefined>()
  const id = useId()
  const running = progress !== undefined && !progress.finished

  const close = () => {
    if (running) return
    dismissRestore()
    setParsed(undefined)
    setProblem(undefined)
    onClose()
  }
  const onFile = async (file: File | undefined) => {
    if (!file) return
    dismissRestore()
    setProblem(undefined)
    const max = LIMITS.retainedView.restoreFileBytes
    if (file.size > max) {
      setParsed({ file: file.name, error: `The file is ${formatBytes(file.size)}; at most ${formatBytes(max)} are read` })
      return
    }
    const result = parseRestoreJsonl(await file.text())
    setParsed(result.ok ? { file: file.name, messages: result.messages } : { file: file.name, error: `Line ${result.line}: ${result.reason}` })
  }
  const restore = () => {
    if (!parsed || !('messages' in parsed)) return
    const choice: RestoreTargetChoice = target === CURRENT ? { kind: 'current' } : { kind: 'profile', profileId: target }
    setProblem(startRestore(parsed.messages, choice))
  }

  return (
    <ModalDialog open={open} onClose={close} label="Restore retained messages" locked={running} className="restore-dialog">
      <div className="modal-body">
        <h2>Restore retained messages</h2>
        <p className="field-hint">
          A JSONL file of retained messages (Export JSONL, or a recording export). Each message is published retained, with its QoS, exact bytes and MQTT 5
          properties; a topic that already holds a retained message gets this one instead.
        </p>
        <label className="field">
          <span>JSONL file</span>
          <input
            type="file"
            accept=".jsonl,.ndjson,application/x-ndjson,text/plain"
            disabled={running}
            onChange={(e) => {
              void onFile(e.target.files?.[0])
              e.target.value = ''
            }}
          />
        </label>
        {parsed && 'error' in parsed && (
          <p role="alert" className="inline-error">
            {`${parsed.file} cannot be restored. ${parsed.error}. Nothing was published.`}
          </p>
        )}
        {parsed && 'messages' in parsed && <p>{`${escapeInvisible(parsed.file)}: ${formatCount(parsed.messages.length)} messages to restore.`}</p>}
        <label className="field" htmlFor={`${id}-target`}>
          <span>Publish to</span>
        </label>
        <select id={`${id}-target`} value={target} disabled={running} onChange={(e) => setTarget(e.target.value)}>
          <option value={CURRENT}>The current connection</option>
          {profiles
            .filter((p) => p.id !== activeProfileId)
            .map((p) => (
              <option key={p.id} value={p.id}>{`Profile: ${p.name}`}</option>
            ))}
        </select>
        {problem && (
          <p role="alert" className="inline-error">
            {problem}
          </p>
        )}
        {progress && <Progress progress={progress} />}
      </div>
      <div className="modal-actions">
        <button type="button" onClick={close} disabled={running}>
          {progress?.finished ? 'Close' : 'Cancel'}
        </button>
        <button type="button" className="primary" disabled={running || !parsed || !('messages' in parsed)} onClick={restore}>
          Restore
        </button>
      </div>
    </ModalDialog>
  )
}
