import { useVirtualizer } from '@tanstack/react-virtual'
import { useLayoutEffect, useRef } from 'react'
import { formatBytes, formatDateTime, formatTime } from '@/components/format.ts'
import { ackText, packetSummary } from '@/model/packet-row.ts'
import { packetFlags } from '@/model/packet-trace.ts'
import type { PacketEntry } from '@/model/packet-types.ts'

const ROW_HEIGHT = 24

/**
 * The packets as a virtualized list (role list, named "Packets"): a snapshot holds up to
 * LIMITS.packets.view rows, only those in view are drawn. It follows the newest packet while
 * scrolled to the bottom. Topics, reasons and properties are text, never HTML.
 */
export function PacketList({ entries }: { entries: readonly PacketEntry[] }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    useFlushSync: false,
    getItemKey: (index) => entries[index]?.seq ?? index,
  })
  useLayoutEffect(() => {
    if (atBottom.current && entries.length > 0) virtualizer.scrollToIndex(entries.length - 1, { align: 'end' })
  }, [entries, virtualizer])
  return (
    <div
      ref={scrollRef}
      className="packet-list"
      role="list"
      aria-label="Packets"
      onScroll={(event) => {
        const el = event.currentTarget
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2
      }}
    >
      <div className="packet-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = entries[item.index]!
          return <PacketRow key={entry.seq} entry={entry} top={item.start} />
        })}
      </div>
    </div>
  )
}

function PacketRow({ entry, top }: { entry: PacketEntry; top: number }) {
  const summary = packetSummary(entry)
  return (
    <div role="listitem" className={`packet-row is-${entry.direction}`} style={{ transform: `translateY(${top}px)` }} title={summary}>
      <span className="packet-time" title={formatDateTime(entry.time)}>
        {formatTime(entry.time)}
      </span>
      <span className="packet-dir">{entry.direction}</span>
      <span className="packet-type">{entry.type}</span>
      <span className="packet-size">{formatBytes(entry.bytes)}</span>
      <span className="packet-id">{entry.packetId !== undefined ? `id ${entry.packetId}` : ''}</span>
      <span className="packet-flags">{packetFlags(entry)}</span>
      <span className="packet-ack">{entry.ackMs !== undefined ? ackText(entry.ackMs) : ''}</span>
      <span className="packet-summary">{summary}</span>
    </div>
  )
}
