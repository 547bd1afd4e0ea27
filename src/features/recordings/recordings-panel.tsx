import './recordings.css'
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react'
import { formatCount } from '@/components/format.ts'
import { CloseIcon } from '@/components/icons.tsx'
import type { RecordingInfo } from '@/model/recording-list.ts'
import { useAppStore } from '@/store/app-store.ts'
import { DeleteDialog } from './delete-dialog.tsx'
import { ExportDialog } from './export-dialog.tsx'
import { RecordingsTable, type RowAction } from './recordings-table.tsx'
import { ReplayDialog } from './replay-dialog.tsx'
import { ReplayList } from './replay-list.tsx'
import { StartRecordingDialog } from './start-recording-dialog.tsx'

/** How often the list and the running replays are asked for while the panel is open. */
const POLL_MS = 1000

type Dialog = { readonly kind: 'start' } | { readonly kind: RowAction; readonly recording: RecordingInfo } | undefined

/**
 * The Recordings panel: the server's recordings (it records with no page open) with live counts,
 * started from the current connection; stop, delete, export, import, replay, open in the explorer.
 */
export function RecordingsPanel() {
  const list = useAppStore((s) => s.recordingList)
  const problem = useAppStore((s) => s.recordingsProblem)
  const profile = useAppStore((s) => s.profiles.find((p) => p.id === s.activeProfileId))
  const { setRecordingsOpen, tokenRefused } = useAppStore.getState()
  const [dialog, setDialog] = useState<Dialog>()
  const [status, setStatus] = useState<string>()
  const [actionProblem, setActionProblem] = useState<string>()
  const headingId = useId()
  usePolling()
  const close = () => setDialog(undefined)
  // One message line at a time: what was done, or what went wrong.
  const say = (text: string) => {
    setActionProblem(undefined)
    setStatus(text)
  }
  const complain = (text: string | undefined) => {
    if (text !== undefined) setStatus(undefined)
    setActionProblem(text)
  }
  const evicting = (list?.recordings ?? []).filter((r) => r.evicted > 0)
  return (
    <section className="panel recordings-panel" aria-labelledby={headingId}>
      <header className="section-header">
        <h2 id={headingId}>Recordings</h2>
        <div className="section-actions">
          <button type="button" className="compact primary" disabled={profile === undefined} onClick={() => setDialog({ kind: 'start' })}>
            New recording
          </button>
          <ImportButton onDone={say} onProblem={complain} />
          <button
            type="button"
            className="icon-button small"
            aria-label="Close recordings"
            title="Close (recordings go on)"
            onClick={() => setRecordingsOpen(false)}
          >
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body">
        {list?.inMemory === true && (
          <p className="recordings-memory" role="note">
            This server runs with --memory: recordings are kept in memory and are lost when it stops.
          </p>
        )}
        {problem !== undefined && (
          <p className="inline-error" role="alert">
            Recordings cannot be listed: {problem}
            {/access token/i.test(problem) && (
              <button type="button" className="compact recordings-token" onClick={() => tokenRefused()}>
                Give access token
              </button>
            )}
          </p>
        )}
        {actionProblem !== undefined && (
          <p className="inline-error" role="alert">
            {actionProblem}
          </p>
        )}
        {status !== undefined && (
          <p className="notice" role="status">
            {status}
          </p>
        )}
        {evicting.length > 0 && (
          <p className="recordings-evicted-note">
            {evicting.map((r) => `“${r.name}” dropped its ${formatCount(r.evicted)} oldest messages`).join('; ')} to stay within the budget
            (--recording-max-bytes, --recording-max-messages and the totals).
          </p>
        )}
        <ReplayList />
        {list === undefined ? (
          problem === undefined && <p className="empty-note">Loading…</p>
        ) : list.recordings.length === 0 ? (
          <p className="empty-note">
            No recordings yet. &ldquo;New recording&rdquo; records the current connection on the server, with or without this page open.
          </p>
        ) : (
          <RecordingsTable
            recordings={list.recordings}
            onProblem={complain}
            onAction={(kind, recording) => {
              setActionProblem(undefined)
              setDialog({ kind, recording })
            }}
          />
        )}
      </div>
      {dialog?.kind === 'start' && profile !== undefined && <StartRecordingDialog profile={profile} onClose={close} />}
      {dialog?.kind === 'export' && <ExportDialog recording={dialog.recording} onClose={close} onSaved={say} />}
      {dialog?.kind === 'replay' && <ReplayDialog recording={dialog.recording} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteDialog recording={dialog.recording} onClose={close} />}
    </section>
  )
}

/** While the panel is mounted: the list and the running replays every second, one request of each at a time. */
function usePolling(): void {
  useEffect(() => {
    let busy = false
    const tick = async () => {
      // A hidden tab asks nothing; it catches up on the next tick once shown.
      if (busy || document.visibilityState === 'hidden') return
      busy = true
      const { refreshRecordings, refreshReplays } = useAppStore.getState()
      await Promise.all([refreshRecordings(), refreshReplays()])
      busy = false
    }
    void tick()
    const timer = setInterval(() => void tick(), POLL_MS)
    return () => clearInterval(timer)
  }, [])
}

/** "Import JSONL": a file of the export format becomes a new recording, all or nothing. */
function ImportButton({ onDone, onProblem }: { onDone: (text: string) => void; onProblem: (text: string | undefined) => void }) {
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file === undefined) return
    onProblem(undefined)
    setBusy(true)
    const name = file.name.replace(/\.jsonl?$/i, '') || 'import'
    const result = await useAppStore.getState().importRecording(file, name)
    setBusy(false)
    if ('error' in result) onProblem(`The import of ${file.name} was refused (nothing was imported): ${result.error}`)
    else onDone(`Imported ${file.name} as “${name}”`)
  }
  return (
    <>
      <button type="button" className="compact" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? 'Importing…' : 'Import JSONL'}
      </button>
      <input ref={input} type="file" accept=".jsonl,.ndjson,.json,application/x-ndjson" hidden aria-label="Import JSONL file" onChange={(e) => void pick(e)} />
    </>
  )
}
