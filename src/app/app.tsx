import { ConnectionStatus } from '../features/connection/connection-status.tsx'
import { LatestMessages } from '../features/messages/latest-messages.tsx'

export function App() {
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">mqtt-scope</h1>
        <ConnectionStatus />
      </header>
      <main className="content">
        <LatestMessages />
      </main>
    </div>
  )
}
