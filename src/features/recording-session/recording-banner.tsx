import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { formatCount, formatDateTime } from '@/components/format.ts'
import { useDebouncedCallback } from '@/components/use-debounced-callback.ts'
import type { RecordingSessionState } from '@/model/recording-session-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import type { OpenedRecording } from '@/store/recording-session-slice.ts'

/** While dragging, the tree is rebuilt only once the slider rested this long. */
const SEEK_DEBOUNCE_MS = 250

/** "Recording <name> (read-only)", loading progress, what budgets evicted, the time slider and "Back to live". */
export function RecordingBanner({ opened }: { readonly opened: OpenedRecording }) {
  const session = useAppStore((s) => s.recordingSession)
  const evicted = useAppStore((s) => s.batch.budget.evictedCount)
  const closeRecording = useAppStore((s) => s.closeRecording)
  return (
    <section className="recording-banner" aria-label="Recording session">
      <div className="recording-banner-head">
        <strong className="recording-banner-title">Recording {opened.name} (read-only)</strong>
        <button type="button" className="primary" onClick={closeRecording}>
          Back to live
        </button>
      </div>
      <RecordingProgress session={session} historyEvicted={evicted} />
      {session?.first !== undefined && session.last !== undefined && <TimeSlider session={session} first={session.first} last={session.last} />}
    </section>
  )
}

function RecordingProgress({ session, historyEvicted }: { readonly session: RecordingSessionState | undefined; readonly historyEvicted: number }) {
  if (session === undefined) return <p role="status">Opening the recording…</p>
  return (
    <>
      {session.phase === 'failed' && (
        <p className="inline-error" role="alert">
          {session.error}
        </p>
      )}
      {/* While loading, the count is in the progress bar: a live region changing ten times a second would chatter. */}
      <p role="status" aria-label="Recording progress" className="recording-progress">
        {session.phase === 'loading'
          ? 'Loading the messages up to the time chosen…'
          : session.phase === 'ready'
            ? session.last === undefined
              ? 'The recording holds no messages.'
              : `${formatCount(session.loaded)} of ${formatCount(session.total)} messages up to the time shown`
            : `${formatCount(session.loaded)} messages loaded before the problem`}
      </p>
      {session.phase === 'loading' && (
        <p className="recording-loading">
          <progress aria-label="Messages loaded" max={Math.max(1, session.total)} value={Math.min(session.loaded, session.total)} />
          <span>
            {formatCount(session.loaded)} of {formatCount(session.total)} messages
          </span>
        </p>
      )}
      {(session.evictedByServer > 0 || historyEvicted > 0) && (
        <p className="recording-evicted">
          {session.evictedByServer > 0 && `The recording's budget had evicted ${formatCount(session.evictedByServer)} older messages. `}
          {historyEvicted > 0 && `The history budget evicted ${formatCount(historyEvicted)} older messages (the counts include them).`}
        </p>
      )}
    </>
  )
}

function TimeSlider({ session, first, last }: { readonly session: RecordingSessionState; readonly first: number; readonly last: number }) {
  const seekRecording = useAppStore((s) => s.seekRecording)
  const id = useId()
  const shown = session.target ?? session.at ?? last
  const [value, setValue] = useState(shown)
  // Follow the worker's time unless the person is moving the slider (their value wins until it is sent).
  const [dragging, setDragging] = useState(false)
  useEffect(() => {
    if (!dragging) setValue(shown)
  }, [shown, dragging])
  const seek = useDebouncedCallback((at: number) => {
    setDragging(false)
    seekRecording(at)
  }, SEEK_DEBOUNCE_MS)
  const move = (at: number) => {
    const clamped = Math.min(last, Math.max(first, Math.round(at)))
    setDragging(true)
    setValue(clamped)
    seek(clamped)
  }
  // One millisecond per arrow key is no use on a recording hours long: a hundredth of the span.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const step = Math.max(1, Math.round((last - first) / 100))
    const delta = event.key === 'ArrowRight' || event.key === 'ArrowUp' ? step : event.key === 'ArrowLeft' || event.key === 'ArrowDown' ? -step : 0
    if (delta === 0) return
    event.preventDefault()
    move(value + delta)
  }
  return (
    <div className="recording-time">
      <label className="bar-label" htmlFor={id}>
        Time
      </label>
      <input
        id={id}
        type="range"
        min={first}
        max={last}
        step={1}
        value={value}
        aria-valuetext={formatDateTime(value)}
        onChange={(e) => move(Number(e.target.value))}
        onKeyDown={onKeyDown}
      />
      {/* Not a live region: the slider's aria-valuetext already says the time; this is for the eye. */}
      <span className="recording-time-value" data-testid="recording-time" aria-hidden="true">
        {formatDateTime(value)}
      </span>
    </div>
  )
}
