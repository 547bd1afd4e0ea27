import './retained.css'
import { useEffect, useId, useMemo, useState } from 'react'
import { downloadText } from '@/components/download.ts'
import { formatCount, formatTime } from '@/components/format.ts'
import { CloseIcon } from '@/components/icons.tsx'
import { LIMITS } from '@/model/limits.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { retainedToJsonl } from '@/model/retained-export.ts'
import { actedOn, buildRows, pruneSelection, selectAllShown, shownRows, toggleSelected, type RetainedSort } from '@/model/retained-table.ts'
import type { RetainedListing } from '@/model/retained-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { RestoreDialog } from './restore-dialog.tsx'
import { RetainedTable } from './retained-table.tsx'

const messages = (n: number): string => `${formatCount(n)} retained ${n === 1 ? 'message' : 'messages'}`

/** What the listing says about itself: how many, and whether the list was cut or may be incomplete. */
function ListingStatus({ listing }: { listing: RetainedListing }) {
  const budget = LIMITS.retainedView
  return (
    <>
      <p role="status" className="retained-status">
        {`${messages(listing.entries.length)} under ${escapeInvisible(listing.filter)} (listed at ${formatTime(listing.at)})`}
      </p>
      {listing.cutBy && (
        <p className="inline-error">
          {`The list was cut at its ${listing.cutBy === 'count' ? `budget of ${formatCount(budget.count)} messages` : `budget of ${formatCount(budget.bytes / 1024 / 1024)} MiB of payload`}: ${formatCount(listing.leftOut)}${listing.leftOut >= budget.count ? ' or more' : ''} retained messages were left out. Narrow the filter to see them.`}
        </p>
      )}
      {listing.partial && !listing.error && (
        <p className="field-hint">The broker was still sending retained messages when the listing stopped: there may be more.</p>
      )}
      {listing.error && <p className="inline-error">{`Could not list every retained message: ${listing.error}`}</p>}
    </>
  )
}

/**
 * The Retained view: every retained message the broker holds under a filter, listed on a
 * connection of its own; sort, filter and select rows, clear the selected ones (the clear
 * confirmation, progress and report), export them as JSONL and restore such a file.
 */
export function RetainedPanel() {
  const filter = useAppStore((s) => s.retainedFilter)
  const filterError = useAppStore((s) => s.retainedFilterError)
  const loading = useAppStore((s) => s.retainedLoading !== undefined)
  const listing = useAppStore((s) => s.retainedListing)
  const connected = useAppStore((s) => s.connection.state === 'connected')
  const { setRetainedFilter, listRetained, askClearSelected, setRetainedOpen } = useAppStore.getState()
  const [query, setQuery] = useState('')
  const [sort, setSort] = useState<RetainedSort>({ column: 'topic', descending: false })
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [restoreOpen, setRestoreOpen] = useState(false)
  const id = useId()

  const rows = useMemo(() => buildRows(listing?.entries ?? []), [listing])
  const shown = useMemo(() => shownRows(rows, query, sort), [rows, query, sort])
  // A new listing keeps the selection of the topics it still holds.
  useEffect(() => setSelected((s) => (s.size === 0 ? s : pruneSelection(s, rows))), [rows])
  // The first open lists at once.
  useEffect(() => {
    if (connected && useAppStore.getState().retainedListing === undefined && useAppStore.getState().retainedLoading === undefined) listRetained()
  }, [connected, listRetained])

  const target = actedOn(rows, shown, selected)
  const exportJsonl = () => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    downloadText(
      `retained-${stamp}.jsonl`,
      retainedToJsonl(
        target.map((r) => r.entry),
        Date.now(),
      ),
      'application/x-ndjson',
    )
  }

  return (
    <section className="panel retained-panel" aria-labelledby={`${id}-h`}>
      <header className="section-header">
        <h2 id={`${id}-h`}>Retained</h2>
        <form
          className="retained-filter"
          onSubmit={(e) => {
            e.preventDefault()
            listRetained()
          }}
        >
          <label htmlFor={`${id}-filter`} className="bar-label">
            Retained under
          </label>
          <input
            id={`${id}-filter`}
            className="mono"
            value={filter}
            spellCheck={false}
            aria-invalid={filterError !== undefined}
            onChange={(e) => setRetainedFilter(e.target.value)}
          />
          <button type="submit" disabled={!connected || loading}>
            {loading ? 'Listing…' : 'List retained'}
          </button>
        </form>
        <div className="section-actions">
          <button type="button" className="icon-button small" aria-label="Close retained" title="Close" onClick={() => setRetainedOpen(false)}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body retained-body">
        {filterError && (
          <p className="inline-error" role="alert">
            {`Retained under: ${filterError}`}
          </p>
        )}
        {!connected && !listing && <p className="field-hint">Connect to a broker to list its retained messages.</p>}
        {loading && <p className="field-hint">Asking the broker for its retained messages…</p>}
        {listing && <ListingStatus listing={listing} />}
        <div className="retained-toolbar">
          <input type="search" aria-label="Filter rows" placeholder="Filter rows (topic or payload)" value={query} onChange={(e) => setQuery(e.target.value)} />
          <span className="retained-counts" aria-live="polite">
            {`${formatCount(shown.length)} shown · ${formatCount(selected.size)} selected`}
          </span>
          <button type="button" className="compact" disabled={shown.length === 0} onClick={() => setSelected((s) => selectAllShown(s, shown))}>
            Select all shown
          </button>
          <button type="button" className="compact" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
            Select none
          </button>
          <button
            type="button"
            className="compact danger"
            disabled={selected.size === 0 || !connected}
            onClick={() => askClearSelected(rows.filter((r) => selected.has(r.entry.topic)).map((r) => r.entry.topic))}
          >
            Clear selected
          </button>
          <button
            type="button"
            className="compact"
            disabled={target.length === 0}
            onClick={exportJsonl}
            title="The selected messages, or all shown when none is selected"
          >
            Export JSONL
          </button>
          <button type="button" className="compact" onClick={() => setRestoreOpen(true)}>
            Restore…
          </button>
        </div>
        <RetainedTable
          rows={shown}
          total={rows.length}
          sort={sort}
          onSort={setSort}
          selected={selected}
          onToggle={(topic, on) => setSelected((s) => toggleSelected(s, topic, on))}
        />
      </div>
      <RestoreDialog open={restoreOpen} onClose={() => setRestoreOpen(false)} />
    </section>
  )
}
