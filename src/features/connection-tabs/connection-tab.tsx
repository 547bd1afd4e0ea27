import { formatRate } from '@/components/format.ts'
import { useAppStore } from '@/store/app-store.ts'

/** What a tab is called: the profile the connection uses (its name survives a reconnect). */
export function useConnectionName(): string {
  return useAppStore((s) => s.connection.profile ?? s.profiles.find((p) => p.id === s.activeProfileId)?.name ?? 'Connection')
}

/**
 * One connection's tab: its name, a state dot and its message rate, read from that connection's
 * own store (the tab strip renders each inside its StoreScope).
 */
export function ConnectionTab({
  selected,
  onSelect,
  onClose,
  onKeyDown,
  closable,
  id,
}: {
  readonly selected: boolean
  readonly onSelect: () => void
  readonly onClose: () => void
  readonly onKeyDown: (event: React.KeyboardEvent) => void
  readonly closable: boolean
  readonly id: string
}) {
  const name = useConnectionName()
  const state = useAppStore((s) => s.connection.state)
  const rate = useAppStore((s) => s.batch.totals.messagesPerSecond)
  return (
    <div className={`connection-tab state-${state}${selected ? ' is-selected' : ''}`} role="presentation">
      <button
        type="button"
        role="tab"
        id={`tab-${id}`}
        data-connection-id={id}
        aria-selected={selected}
        tabIndex={selected ? 0 : -1}
        title={`${name}: ${state}`}
        aria-label={`${name}, ${state}, ${formatRate(rate)} msg/s`}
        onClick={onSelect}
        onKeyDown={onKeyDown}
      >
        <span className="dot" aria-hidden="true" />
        <span className="tab-name">{name}</span>
        <span className="tab-rate">{formatRate(rate)} msg/s</span>
      </button>
      {closable && (
        <button type="button" className="tab-close" aria-label={`Close ${name}`} title={`Close ${name}`} onClick={onClose}>
          ×
        </button>
      )}
    </div>
  )
}
