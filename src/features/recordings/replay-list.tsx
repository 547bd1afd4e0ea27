import { isReplayOver, replayStatusText } from '@/model/recording-list.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The replays started from this page: progress while they run (with Stop), the final state and reason after. */
export function ReplayList() {
  const replays = useAppStore((s) => s.replays)
  const { stopReplay, dismissReplay } = useAppStore.getState()
  if (replays.length === 0) return null
  return (
    <ul className="replay-list" aria-label="Replays">
      {replays.map(({ recordingName, progress }) => {
        const over = isReplayOver(progress.state)
        return (
          <li key={progress.id} className={`replay-item is-${progress.state}`}>
            <span className="replay-name">{recordingName}</span>
            <span role="status" aria-label={`Replay of ${recordingName}`} className="replay-status">
              {replayStatusText(progress)}
            </span>
            {!over && progress.total > 0 && <progress max={progress.total} value={progress.sent} aria-label={`Replay of ${recordingName} progress`} />}
            {over ? (
              <button type="button" className="compact ghost" onClick={() => dismissReplay(progress.id)}>
                Dismiss
              </button>
            ) : (
              <button type="button" className="compact" onClick={() => void stopReplay(progress.id)}>
                Stop replay
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}
