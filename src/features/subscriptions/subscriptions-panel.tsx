import './subscriptions.css'
import { useAppStore } from '@/store/app-store.ts'
import { PauseButton } from './pause-control.tsx'
import { SubscribeForm } from './subscribe-form.tsx'
import { SubscriptionList } from './subscription-list.tsx'

const SYS_FILTER = '$SYS/#'

/** What the explorer listens to: the subscriptions, adding one, and pausing live updates. */
export function SubscriptionsPanel() {
  const hasSys = useAppStore((s) => s.subscriptions.some((x) => x.filter === SYS_FILTER))
  const subscribe = useAppStore((s) => s.subscribe)
  return (
    <section className="subscriptions-panel" aria-labelledby="subscriptions-heading">
      <header className="section-header">
        <h2 id="subscriptions-heading">Subscriptions</h2>
        <div className="section-actions">
          {!hasSys && (
            <button
              type="button"
              className="compact ghost"
              onClick={() => subscribe(SYS_FILTER, 0)}
              title="Broker statistics under $SYS (a plain # does not include them)"
            >
              Subscribe to $SYS/#
            </button>
          )}
          <PauseButton />
        </div>
      </header>
      <SubscribeForm />
      <SubscriptionList />
    </section>
  )
}
