import { StoreScope } from '@/store/app-store.ts'
import { useConnections } from '@/store/connections-store.ts'
import { App } from './app.tsx'

/**
 * The app for the active connection. Keyed by it: a tab change mounts the layout afresh on that
 * connection's store, so nothing of the previous tab's local state (focus, open menus) leaks over.
 */
export function ActiveConnectionRoot() {
  const active = useConnections((s) => s.connections.find((c) => c.id === s.activeId) ?? s.connections[0]!)
  return (
    <StoreScope.Provider key={active.id} value={active.store}>
      <App />
    </StoreScope.Provider>
  )
}
