import { CopyableText } from '@/components/copyable-text.tsx'
import { brokerHint } from '@/model/broker-hint.ts'
import { isEmbeddedBroker } from '@/model/connection-profile.ts'
import type { ConnectionState } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'

const PAGE = { protocol: 'http:', host: '127.0.0.1:8080' }

/** What the tree says while there is no connection: the same state as the status and the button. */
function notConnected(connection: ConnectionState): string | undefined {
  const broker = connection.profile ?? 'the broker'
  const why = connection.reason ? `: ${connection.reason}` : ''
  switch (connection.state) {
    case 'connected':
      return undefined
    case 'connecting':
      return `Connecting to ${broker}…`
    case 'reconnecting':
      return `Not connected to ${broker}${why}. Retrying (attempt ${connection.attempt ?? 1}); Disconnect stops it.`
    case 'closed':
      return `Not connected${why}. Pick a profile and press Connect.`
    case 'idle':
      return 'Not connected. Pick a profile and press Connect.'
  }
}

/** "How do I get data in?", from the connection the page has: the embedded broker's real addresses, or the other broker's. */
function DataHint() {
  const connection = useAppStore((s) => s.connection)
  const profile = useAppStore((s) => s.profiles.find((p) => p.id === s.activeProfileId))
  const doors = useAppStore((s) => s.serverConfig?.embeddedBroker)
  if (!profile) return null
  const page = globalThis.location ?? PAGE
  const hint = brokerHint({ url: connection.url ?? profile.url, embedded: isEmbeddedBroker(profile, page), username: profile.username, doors, page })
  switch (hint.kind) {
    case 'embedded':
      return (
        <div className="hint data-hint" aria-label="Publish to this broker">
          <p>Point your devices at this server's broker:</p>
          <CopyableText label="MQTT/TCP" value={hint.tcpUrl} />
          {hint.tlsUrl && <CopyableText label="MQTT/TLS" value={hint.tlsUrl} />}
          <CopyableText label="WebSocket" value={hint.websocketUrl} />
          <p>or try</p>
          <CopyableText label="command" value={hint.command} />
        </div>
      )
    case 'other':
      return (
        <div className="hint data-hint" aria-label="Publish to this broker">
          <p>Publish to this broker, for example</p>
          <CopyableText label="command" value={hint.command} />
          {hint.needsCredentials && <p>with your user name and password (-u, -P)</p>}
        </div>
      )
    case 'none':
      return <p className="hint">Publish to this broker, or use the Publish panel.</p>
  }
}

/** Why the tree is empty, and what to do about it. */
export function TreeEmpty() {
  const connection = useAppStore((s) => s.connection)
  const filter = useAppStore((s) => s.filter)
  const filterError = useAppStore((s) => s.batch.tree.filterError)
  const subscriptions = useAppStore((s) => s.subscriptions.length)
  const offline = notConnected(connection)
  let text: string
  if (filterError) text = 'The filter is not valid, see above.'
  else if (filter.query !== '') text = 'No topic matches the filter.'
  else if (filter.retainedOnly === true) text = offline ?? 'No retained topic: the broker holds no retained message for what this page has seen.'
  else if (offline !== undefined) text = offline
  else if (subscriptions === 0) text = 'No subscriptions. Subscribe to a filter such as # to see topics.'
  else text = 'Waiting for messages…'
  const waiting = !filterError && filter.query === '' && filter.retainedOnly !== true && offline === undefined && subscriptions > 0
  return (
    <div className="tree-empty">
      <p>{text}</p>
      {waiting && <DataHint />}
    </div>
  )
}
