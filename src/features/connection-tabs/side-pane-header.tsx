import { useConnections } from '@/store/connections-store.ts'
import { useConnectionName } from './connection-tab.tsx'

/**
 * The header of the other connection's pane side by side: whose tree it is (the filter on the left
 * applies to it too), a way to make it the active connection (its details and publish panel), and
 * a way out of side by side.
 */
export function SidePaneHeader({ id }: { readonly id: string }) {
  const name = useConnectionName()
  return (
    <div className="side-by-side-header" title={`${name}: the filter on the left applies here too`}>
      <span className="side-name">{name}</span>
      <button
        type="button"
        className="button is-small"
        aria-label={`Show ${name} in details`}
        title={`Make ${name} the active connection (details, publish)`}
        onClick={() => useConnections.getState().activate(id)}
      >
        Details
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Close side by side"
        title="Close side by side"
        onClick={() => useConnections.getState().setSideBySide(false)}
      >
        ×
      </button>
    </div>
  )
}
