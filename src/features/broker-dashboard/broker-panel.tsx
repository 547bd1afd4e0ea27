import './broker-dashboard.css'
import { useId } from 'react'
import { formatDateTime } from '@/components/format.ts'
import { CloseIcon } from '@/components/icons.tsx'
import { useNow } from '@/components/use-now.ts'
import { BROKER_STATS, BROKER_SYS_ROOT, type BrokerStats, type OtherBrokerStat } from '@/model/broker-stats.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { matchesFilter } from '@/model/topic-rules.ts'
import { useAppStore } from '@/store/app-store.ts'
import { brokerCards } from './broker-cards.ts'
import { formatUpdated } from './broker-format.ts'

const SYS_FILTER = '$SYS/#'
/** A topic every broker that publishes statistics has: a subscription that covers it gets them. */
const PROBE_TOPIC = `${BROKER_SYS_ROOT}/${BROKER_STATS.uptime.topic}`

/**
 * The broker dashboard: what the broker says about itself under $SYS/broker/ (mosquitto's names),
 * as cards. Every value is untrusted text from the broker: shown as text, escaped by the worker.
 */
export function BrokerPanel() {
  const open = useAppStore((s) => s.brokerOpen)
  const stats = useAppStore((s) => s.brokerStats)
  const setBrokerOpen = useAppStore((s) => s.setBrokerOpen)
  const id = useId()
  if (!open) return null
  return (
    <section className="panel broker-panel" aria-label="Broker dashboard">
      <header className="section-header">
        <h2 id={`${id}-h`}>Broker dashboard</h2>
        <div className="section-actions">
          {stats && <UpdatedAgo at={stats.updatedAt} />}
          <button type="button" className="icon-button small" aria-label="Close broker dashboard" title="Close" onClick={() => setBrokerOpen(false)}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body">{stats ? <Dashboard stats={stats} /> : <NoStatistics />}</div>
    </section>
  )
}

/** "updated 3 s ago", re-rendered by the shared one-second clock (only this line). */
function UpdatedAgo({ at }: { at: number }) {
  const now = useNow()
  return (
    <span className="broker-updated" title={formatDateTime(at)}>
      {formatUpdated(now, at)}
    </span>
  )
}

function Dashboard({ stats }: { stats: BrokerStats }) {
  const id = useId()
  const cards = brokerCards(stats.stats)
  return (
    <>
      <div className="broker-cards">
        {cards.map((card, i) => (
          // A group named by its label, so a card can be found by what it shows ("Clients connected").
          <div className={`broker-card${card.wide ? ' is-wide' : ''}`} role="group" aria-labelledby={`${id}-${i}`} key={card.label}>
            <dl>
              <dt id={`${id}-${i}`}>{card.label}</dt>
              <dd className="broker-value" title={card.value}>
                {card.value}
              </dd>
              {card.details.length > 0 && <dd className="broker-detail">{card.details.join(' · ')}</dd>}
            </dl>
          </div>
        ))}
      </div>
      {cards.length === 0 && <p className="empty-note">None of the usual statistics: only other $SYS/broker values.</p>}
      <OtherStatistics others={stats.others} notShown={stats.othersNotShown} />
    </>
  )
}

/** The other $SYS/broker/... values (mosquitto's load averages...), bounded by the worker. */
function OtherStatistics({ others, notShown }: { others: readonly OtherBrokerStat[]; notShown: number }) {
  if (others.length === 0 && notShown === 0) return null
  return (
    <details className="broker-others">
      <summary>Other $SYS/broker values ({others.length + notShown})</summary>
      <table className="data-table" aria-label="Other broker statistics">
        <tbody>
          {others.map((other) => (
            <tr key={other.name}>
              <th scope="row" className="mono">
                {escapeInvisible(other.name)}
              </th>
              <td className="mono">{other.cut ? `${other.text}…` : other.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notShown > 0 && <p className="empty-note">{notShown.toLocaleString('en')} more not shown.</p>}
    </details>
  )
}

/** No statistics yet: the way to get them (a plain "#" does not reach $SYS topics [MQTT-4.7.2-1]). */
function NoStatistics() {
  const covering = useAppStore((s) => s.subscriptions.find((x) => x.status.state !== 'refused' && matchesFilter(x.filter, PROBE_TOPIC))?.filter)
  const subscribe = useAppStore((s) => s.subscribe)
  if (covering !== undefined) {
    return (
      <p className="empty-note">
        No broker statistics yet: subscribed to <code>{escapeInvisible(covering)}</code>, waiting for the broker (it publishes them every 10 s; some brokers
        publish none).
      </p>
    )
  }
  return (
    <div className="broker-empty">
      <p className="empty-note">No broker statistics yet: subscribe to $SYS/# (the broker publishes them every 10 s)</p>
      <button type="button" onClick={() => subscribe(SYS_FILTER, 0)}>
        Subscribe to $SYS/#
      </button>
    </div>
  )
}
