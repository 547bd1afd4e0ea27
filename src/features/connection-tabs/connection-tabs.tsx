import './connection-tabs.css'
import { useRef, useState } from 'react'
import { StoreScope, useAppStore } from '@/store/app-store.ts'
import { MAX_CONNECTIONS, useConnections } from '@/store/connections-store.ts'
import { ConnectionTab } from './connection-tab.tsx'
import { NewConnectionMenu } from './new-connection-menu.tsx'

/**
 * The "Connections" tab strip: one tab per open connection (each its own worker, tree, inspector,
 * publish panel and charts), "New connection", and "Side by side". Arrow keys move between tabs.
 */
export function ConnectionTabs() {
  const connections = useConnections((s) => s.connections)
  const activeId = useConnections((s) => s.activeId)
  const sideBySide = useConnections((s) => s.sideBySide)
  const [message, setMessage] = useState<string | undefined>()
  const listRef = useRef<HTMLDivElement>(null)
  const { activate, close, setSideBySide } = useConnections.getState()

  const focusTab = (index: number) => {
    const target = connections[(index + connections.length) % connections.length]
    if (!target) return
    activate(target.id)
    // The strip remounts with the app when the active tab changes: find the tab again next frame.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[role="tab"][data-connection-id="${target.id}"]`)?.focus())
  }
  const onKeyDown = (index: number) => (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowRight') focusTab(index + 1)
    else if (event.key === 'ArrowLeft') focusTab(index - 1)
    else if (event.key === 'Home') focusTab(0)
    else if (event.key === 'End') focusTab(connections.length - 1)
    else return
    event.preventDefault()
  }

  return (
    <div className="connection-tabs">
      <div ref={listRef} role="tablist" aria-label="Connections" className="connection-tablist">
        {connections.map((c, index) => (
          <StoreScope.Provider key={c.id} value={c.store}>
            <ConnectionTab
              id={c.id}
              selected={c.id === activeId}
              closable={connections.length > 1}
              onSelect={() => activate(c.id)}
              onClose={() => close(c.id)}
              onKeyDown={onKeyDown(index)}
            />
          </StoreScope.Provider>
        ))}
      </div>
      <NewConnectionMenu disabled={connections.length >= MAX_CONNECTIONS} onPick={(profileId) => setMessage(useConnections.getState().open(profileId))} />
      <button
        type="button"
        className="button is-small"
        aria-pressed={sideBySide}
        disabled={connections.length < 2}
        title={connections.length < 2 ? 'Open a second connection to see two trees side by side' : 'Two connections’ trees next to each other, one filter'}
        onClick={() => setSideBySide(!sideBySide)}
      >
        Side by side
      </button>
      {connections.length > 1 && <BudgetShare count={connections.length} />}
      {message !== undefined && (
        <span role="alert" className="connection-tabs-message">
          {message}
        </span>
      )}
    </div>
  )
}

/** The history budget is shared: what this connection's part of it is. */
function BudgetShare({ count }: { readonly count: number }) {
  const total = useAppStore((s) => s.historyBudget.totalBytes)
  return (
    <span className="connection-tabs-note" title={`The history budget (${Math.round(total / 1048576)} MB in all) is shared by the ${count} open connections`}>
      History budget shared by {count}
    </span>
  )
}
