import './busiest.css'
import { useId } from 'react'
import { formatByteRate, formatRate } from '@/components/format.ts'
import { CloseIcon } from '@/components/icons.tsx'
import type { BusiestBy } from '@/model/batch-types.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The topics with the highest message or byte rate; clicking one selects it and shows it in the tree. */
export function BusiestPanel() {
  const by = useAppStore((s) => s.busiestBy)
  const rows = useAppStore((s) => s.batch.busiest)
  const selectedId = useAppStore((s) => s.selectedId)
  const { showBusiest, reveal } = useAppStore.getState()
  const id = useId()
  if (by === undefined) return null
  return (
    <section className="panel busiest-panel" aria-labelledby={`${id}-h`}>
      <header className="section-header">
        <h2 id={`${id}-h`}>Busiest topics</h2>
        <div className="section-actions">
          <label htmlFor={`${id}-by`} className="bar-label">
            Rank by
          </label>
          <select id={`${id}-by`} value={by} onChange={(e) => showBusiest(e.target.value as BusiestBy)}>
            <option value="messages">messages/s</option>
            <option value="bytes">bytes/s</option>
          </select>
          <button type="button" className="icon-button small" aria-label="Close busiest topics" title="Close" onClick={() => showBusiest(undefined)}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body">
        <table className="data-table" aria-label="Busiest topics">
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col" className={`num${by === 'messages' ? ' is-sorted' : ''}`} aria-sort={by === 'messages' ? 'descending' : undefined}>
                msg/s
              </th>
              <th scope="col" className={`num${by === 'bytes' ? ' is-sorted' : ''}`} aria-sort={by === 'bytes' ? 'descending' : undefined}>
                bytes/s
              </th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((row) => (
              <tr key={row.id} className={row.id === selectedId ? 'is-selected' : undefined} onClick={() => reveal(row.id)}>
                <td className="mono topic-cell" title={row.topic}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={(e) => {
                      e.stopPropagation()
                      reveal(row.id)
                    }}
                  >
                    {escapeInvisible(row.topic)}
                  </button>
                </td>
                <td className="num">{formatRate(row.messagesPerSecond)}</td>
                <td className="num">{formatByteRate(row.bytesPerSecond)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows !== undefined && rows.length === 0 && <p className="empty-note">No traffic in the last few seconds.</p>}
        {rows === undefined && <p className="empty-note">Ranking…</p>}
      </div>
    </section>
  )
}
