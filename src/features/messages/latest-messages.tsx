import { useAppStore } from '../../store/app-store.ts'
import { formatBytes, formatTime } from '../../components/format.ts'

/** The newest messages, as the worker last reported them. Topics and payloads render as text. */
export function LatestMessages() {
  const batch = useAppStore((s) => s.batch)
  const { totals, latest, latestEvicted } = batch
  return (
    <section className="latest" aria-label="Latest messages">
      <header className="latest-header">
        <h2>Latest messages</h2>
        <p className="totals" aria-label="Totals">
          <span>{totals.messages.toLocaleString('en')} messages</span>
          <span>{totals.topics.toLocaleString('en')} topics</span>
          <span>{formatBytes(totals.bytes)}</span>
          {latestEvicted > 0 && <span title="older entries left this list; the totals still count them">{latestEvicted.toLocaleString('en')} older rows rotated out</span>}
        </p>
      </header>
      {latest.length === 0 ? (
        <p className="empty">No messages yet. Publish to the embedded broker (for example with mosquitto_pub) and they appear here.</p>
      ) : (
        <ol className="message-list">
          {latest.map((m) => (
            <li key={m.seq} className="message-row">
              <span className="topic">{m.topic}</span>
              <span className={m.binary ? 'payload binary' : 'payload'}>
                {m.preview}
                {m.previewCut && <span className="cut-marker" title={`preview shows part of ${m.bytes} bytes`}> …</span>}
              </span>
              <span className="meta">
                {formatBytes(m.bytes)} · QoS {m.qos}
                {m.retain && <span className="retained"> · retained</span>} · {formatTime(m.receivedAt)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
