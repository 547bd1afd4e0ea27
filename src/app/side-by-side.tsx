import { SidePaneHeader } from '@/features/connection-tabs/side-pane-header.tsx'
import { useConnectionName } from '@/features/connection-tabs/connection-tab.tsx'
import { TopicTree } from '@/features/topic-tree/topic-tree.tsx'
import { StoreScope } from '@/store/app-store.ts'
import { useConnections } from '@/store/connections-store.ts'

/**
 * Side by side: the other connection's tree, in its own store's scope (its worker sends its rows
 * as the active one's does), under a header naming it. Undefined when side by side is off.
 */
export function useSidePane(): React.ReactNode {
  const side = useConnections((s) => (s.sideBySide ? s.connections.find((c) => c.id === s.sideId) : undefined))
  if (!side) return undefined
  return (
    <StoreScope.Provider key={side.id} value={side.store}>
      <section className="side-by-side-pane" aria-label="Side by side">
        <SidePaneHeader id={side.id} />
        <SideTree />
      </section>
    </StoreScope.Provider>
  )
}

/** The other connection's tree, named after it ("Topic tree of mosquitto"). */
function SideTree() {
  return <TopicTree label={`Topic tree of ${useConnectionName()}`} />
}
