import { useState } from 'react'
import { formatCount, formatDateTime } from '@/components/format.ts'
import { ModalDialog } from '@/components/modal-dialog.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { listRecordings, type RecordingListItem } from '@/store/recording-session-slice.ts'

type Listing = { readonly loading: true } | { readonly recordings: RecordingListItem[] } | { readonly error: string }

/** "Open recording…": the server's recordings (GET /api/recordings), one of which opens read-only in the explorer. */
export function OpenRecordingButton() {
  const [listing, setListing] = useState<Listing | undefined>()
  const open = () => {
    setListing({ loading: true })
    void listRecordings(useAppStore.getState().bridgeToken).then(setListing)
  }
  const close = () => setListing(undefined)
  return (
    <div className="recording-entry">
      <button type="button" className="recording-open-button" onClick={open} title="Show a server recording in the explorer, read-only, with a time slider">
        Open recording…
      </button>
      <ModalDialog open={listing !== undefined} onClose={close} label="Open recording" className="open-recording-dialog">
        <h2>Open recording</h2>
        {listing !== undefined && 'loading' in listing && <p role="status">Loading the server's recordings…</p>}
        {listing !== undefined && 'error' in listing && (
          <p className="inline-error" role="alert">
            The recordings could not be listed: {listing.error}
          </p>
        )}
        {listing !== undefined && 'recordings' in listing && (
          <RecordingList
            recordings={listing.recordings}
            onOpen={(r) => {
              close()
              useAppStore.getState().openRecording({ id: r.id, name: r.name })
            }}
          />
        )}
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </ModalDialog>
    </div>
  )
}

function RecordingList({ recordings, onOpen }: { readonly recordings: RecordingListItem[]; readonly onOpen: (r: RecordingListItem) => void }) {
  if (recordings.length === 0) return <p className="empty-note">No recordings on this server yet.</p>
  return (
    <ul className="recording-choices" aria-label="Recordings">
      {recordings.map((r) => (
        <li key={r.id}>
          <span className="recording-choice-name">{r.name}</span>
          <span className="recording-choice-meta">
            {formatCount(r.messages)} messages
            {r.first !== undefined && r.last !== undefined && ` · ${formatDateTime(r.first)} – ${formatDateTime(r.last)}`}
            {r.state !== '' && ` · ${r.state}`}
          </span>
          <button type="button" aria-label={`Open ${r.name}`} onClick={() => onOpen(r)}>
            Open
          </button>
        </li>
      ))}
    </ul>
  )
}
