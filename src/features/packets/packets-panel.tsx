import './packets.css'
import { useState } from 'react'
import { CloseIcon } from '@/components/icons.tsx'
import { downloadText } from '@/components/download.ts'
import { formatBytes, formatCount } from '@/components/format.ts'
import { LIMITS } from '@/model/limits.ts'
import { PACKET_TYPES } from '@/model/packet-trace.ts'
import type { PacketTotals } from '@/model/packet-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { PacketList } from './packet-list.tsx'

/**
 * The Packets panel (issue 20): every MQTT control packet of the session, sent and received, as the
 * worker traced them. It shows the worker's bounded snapshot (the newest matching packets), the
 * trace's budget, what was evicted and which PUBLISH packets were not kept.
 */
export function PacketsPanel() {
  const snapshot = useAppStore((s) => s.packetSnapshot)
  const query = useAppStore((s) => s.packetQuery)
  const { setPacketsOpen, setPacketQuery } = useAppStore.getState()
  const [exportNote, setExportNote] = useState<string>()
  const onExport = async () => {
    setExportNote(undefined)
    const result = await useAppStore.getState().exportPackets()
    if ('error' in result) return setExportNote(result.error)
    downloadText('mqtt-scope-packets.jsonl', result.jsonl, 'application/x-ndjson')
    setExportNote(`${formatCount(result.count)} packets exported`)
  }
  return (
    <section className="panel packets-panel" aria-label="Packets">
      <header className="section-header">
        <h2>Packets</h2>
        <div className="section-actions">
          <button
            type="button"
            className="icon-button small"
            aria-label="Close packets"
            title="Close (the trace goes on)"
            onClick={() => setPacketsOpen(false)}
          >
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body">
        <div className="packets-toolbar">
          <label>
            Packet type{' '}
            <select
              aria-label="Packet type"
              value={query.types[0] ?? ''}
              onChange={(e) => setPacketQuery({ types: e.target.value === '' ? [] : [e.target.value] })}
            >
              <option value="">All types</option>
              {PACKET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          <label>
            Topic contains{' '}
            <input
              type="search"
              aria-label="Topic contains"
              value={query.topic}
              onChange={(e) => setPacketQuery({ topic: e.target.value })}
              placeholder="any topic"
            />
          </label>
          <KeepForm />
          <button type="button" onClick={() => void onExport()}>
            Export JSONL
          </button>
          {exportNote !== undefined && <span className="packets-note">{exportNote}</span>}
        </div>
        {snapshot && <BudgetLine totals={snapshot.totals} shown={snapshot.entries.length} matching={snapshot.matching} />}
        <PacketList entries={snapshot?.entries ?? []} />
      </div>
    </section>
  )
}

/** "Keep PUBLISH for": a topic filter, or empty for the automatic rule. */
function KeepForm() {
  const draft = useAppStore((s) => s.packetKeepDraft)
  const problem = useAppStore((s) => s.packetKeepProblem)
  const { setPacketKeepDraft, applyPacketKeep } = useAppStore.getState()
  return (
    <form
      className="packets-keep"
      onSubmit={(e) => {
        e.preventDefault()
        applyPacketKeep()
      }}
    >
      <label>
        Keep PUBLISH for{' '}
        <input
          aria-label="Keep PUBLISH for"
          value={draft}
          onChange={(e) => setPacketKeepDraft(e.target.value)}
          placeholder={`automatic (none above ${formatCount(LIMITS.packets.publishRate)} msg/s)`}
          aria-invalid={problem !== undefined}
          title="A topic filter (e.g. sensors/#); empty: every PUBLISH, except while more than 1,000 msg/s arrive"
        />
      </label>
      <button type="submit">Keep</button>
      {problem !== undefined && (
        <span className="packets-problem" role="alert">
          {problem}
        </span>
      )}
    </form>
  )
}

/** "1,234 packets · 0.3 MiB of 16 MiB · 12 evicted · 40 PUBLISH not kept", like the history budget. */
function BudgetLine({ totals, shown, matching }: { totals: PacketTotals; shown: number; matching: number }) {
  const share = totals.maxBytes > 0 ? totals.bytes / totals.maxBytes : 0
  return (
    <p className="packets-budget" aria-label="Packet budget">
      <span className="meter" aria-hidden="true">
        <span className={`meter-fill${share > 0.9 ? ' is-high' : ''}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
      </span>
      <span>
        {formatCount(totals.count)} of {formatCount(totals.maxCount)} packets kept · {formatBytes(totals.bytes)} of {formatBytes(totals.maxBytes)}
      </span>
      {matching > shown && (
        <span>
          showing the newest {formatCount(shown)} of {formatCount(matching)} matching
        </span>
      )}
      {totals.evictedCount > 0 && <span className="is-warn">{formatCount(totals.evictedCount)} older packets evicted</span>}
      {totals.notKept > 0 && (
        <span className="is-warn">
          {formatCount(totals.notKept)} PUBLISH not kept (
          {totals.keepFilter === '' ? `above ${formatCount(LIMITS.packets.publishRate)} msg/s` : `outside ${totals.keepFilter}`})
        </span>
      )}
    </p>
  )
}
