import { useId } from 'react'
import { formatBytes, formatCount, formatDateTime, formatTime } from '@/components/format.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { isRecordingActive, recordingStateText, recordingTargetText, type RecordingInfo } from '@/model/recording-list.ts'
import { useAppStore } from '@/store/app-store.ts'

/** A receive time: the clock (to the ms) today, the date and minute before; the full time on hover. */
function Time({ epochMs }: { epochMs: number | undefined }) {
  if (epochMs === undefined) return <td className="cell-clip">—</td>
  const today = new Date(epochMs).toDateString() === new Date().toDateString()
  return (
    <td className="cell-clip" title={formatDateTime(epochMs)}>
      {today ? formatTime(epochMs).slice(0, 8) : formatDateTime(epochMs).slice(0, 16)}
    </td>
  )
}

export type RowAction = 'export' | 'replay' | 'delete'

interface Props {
  readonly recordings: readonly RecordingInfo[]
  readonly onAction: (action: RowAction, recording: RecordingInfo) => void
  readonly onProblem: (text: string | undefined) => void
}

/** The server's recordings with their live counts; names, topics and reasons are text, never HTML. */
export function RecordingsTable({ recordings, onAction, onProblem }: Props) {
  return (
    <div className="recordings-table-wrap">
      <table className="data-table recordings-table" aria-label="Recordings">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Target</th>
            <th scope="col">Filters</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Messages
            </th>
            <th scope="col" className="num">
              Bytes
            </th>
            <th scope="col">First</th>
            <th scope="col">Last</th>
            <th scope="col" className="num">
              Evicted
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {recordings.map((recording) => (
            <RecordingRow key={recording.id} recording={recording} onAction={onAction} onProblem={onProblem} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function RecordingRow({ recording: r, onAction, onProblem }: { recording: RecordingInfo } & Omit<Props, 'recordings'>) {
  const nameId = useId()
  const active = isRecordingActive(r.state)
  const state = recordingStateText(r)
  // The paused state keeps the server's longer explanation for the tooltip.
  const stateTitle = r.reason !== undefined && !state.includes(r.reason) ? `${state}: ${r.reason}` : state
  const filters = r.filters.map(escapeInvisible).join(', ')
  const stop = async () => onProblem(await useAppStore.getState().stopRecording(r.id))
  const open = () => useAppStore.getState().openRecording({ id: r.id, name: r.name })
  return (
    <tr className={active ? 'is-active' : undefined}>
      <th scope="row" id={nameId} className="recording-name" title={r.name}>
        {escapeInvisible(r.name)}
      </th>
      <td className="mono cell-clip" title={recordingTargetText(r)}>
        {recordingTargetText(r)}
      </td>
      <td className="mono cell-clip" title={filters}>
        {filters || '—'}
      </td>
      <td className={`cell-clip recording-state is-${r.state.replace(/[^a-z]+/g, '-')}`} title={stateTitle}>
        {state}
      </td>
      <td className="num">{formatCount(r.messages)}</td>
      <td className="num">{formatBytes(r.bytes)}</td>
      <Time epochMs={r.first} />
      <Time epochMs={r.last} />
      <td
        className={`num${r.evicted > 0 ? ' recording-evicted' : ''}`}
        title={r.evicted > 0 ? 'The oldest messages were dropped to stay within the budget' : undefined}
      >
        {formatCount(r.evicted)}
      </td>
      <td className="recording-actions">
        <div>
          {active && (
            <button type="button" className="compact" aria-describedby={nameId} onClick={() => void stop()}>
              Stop
            </button>
          )}
          <button type="button" className="compact" aria-describedby={nameId} onClick={open}>
            Open in explorer
          </button>
          <button type="button" className="compact" aria-describedby={nameId} onClick={() => onAction('export', r)}>
            Export
          </button>
          <button type="button" className="compact" aria-describedby={nameId} disabled={r.messages === 0} onClick={() => onAction('replay', r)}>
            Replay
          </button>
          <button type="button" className="compact danger" aria-describedby={nameId} onClick={() => onAction('delete', r)}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  )
}
