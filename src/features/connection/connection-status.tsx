import type { ConnectionState } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The text of a connection state. "connected" appears only when connected. */
export function describeConnection(connection: ConnectionState): string {
  switch (connection.state) {
    case 'idle':
      return 'not connected'
    case 'connecting':
      return 'connecting…'
    case 'connected':
      return 'connected'
    case 'reconnecting':
      return `reconnecting (attempt ${connection.attempt ?? 1})${connection.reason ? `: ${connection.reason}` : ''}`
    case 'closed':
      return `closed${connection.reason ? `: ${connection.reason}` : ''}`
  }
}

export function ConnectionStatus() {
  const connection = useAppStore((s) => s.connection)
  const recording = useAppStore((s) => s.openedRecording)
  if (recording !== undefined) {
    // A recording replaced the live connection (which is closed until "Back to live").
    return (
      <div className="connection-status state-recording" title="A server recording, read-only; the live connection is closed until Back to live">
        <span className="dot" aria-hidden="true" />
        <span role="status" aria-live="polite" aria-label="Connection status" className="status-text">
          Recording {recording.name} (read-only)
        </span>
      </div>
    )
  }
  const version = connection.protocolVersion === 5 ? 'MQTT 5' : connection.protocolVersion === 4 ? 'MQTT 3.1.1' : undefined
  return (
    <div className={`connection-status state-${connection.state}`} title={[connection.url, version].filter(Boolean).join(' · ')}>
      <span className="dot" aria-hidden="true" />
      <span role="status" aria-live="polite" aria-label="Connection status" className="status-text">
        {describeConnection(connection)}
      </span>
      {(connection.profile !== undefined || connection.url !== undefined) && (
        // Which broker all of this is about: the profile the connection was made with, and its URL.
        <span className="target" data-testid="connection-target">
          {connection.profile !== undefined && <span className="profile-name">{connection.profile}</span>}
          {connection.url && <span className="url">{connection.url}</span>}
        </span>
      )}
    </div>
  )
}
