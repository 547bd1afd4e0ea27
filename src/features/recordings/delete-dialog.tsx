import { useId, useState } from 'react'
import { formatBytes, formatCount } from '@/components/format.ts'
import { ModalDialog } from '@/components/modal-dialog.tsx'
import type { RecordingInfo } from '@/model/recording-list.ts'
import { useAppStore } from '@/store/app-store.ts'

interface Props {
  readonly recording: RecordingInfo
  readonly onClose: () => void
}

/** Asks before a recording and its messages are deleted on the server (it cannot be undone). */
export function DeleteDialog({ recording, onClose }: Props) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const bodyId = useId()
  const remove = async () => {
    setBusy(true)
    const problem = await useAppStore.getState().deleteRecording(recording.id)
    setBusy(false)
    if (problem === undefined) onClose()
    else setError(problem)
  }
  return (
    <ModalDialog open onClose={onClose} label="Delete recording" role="alertdialog" describedBy={bodyId} locked={busy}>
      <div className="modal-body">
        <h2>Delete recording</h2>
        <p id={bodyId}>
          Delete &ldquo;{recording.name}&rdquo; and its {formatCount(recording.messages)} messages ({formatBytes(recording.bytes)}) from the server? This cannot
          be undone.
        </p>
        {error !== undefined && (
          <p className="inline-error" role="alert">
            The server refused: {error}
          </p>
        )}
      </div>
      <div className="modal-actions">
        <button type="button" onClick={onClose} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" className="recordings-danger" disabled={busy} onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </ModalDialog>
  )
}
