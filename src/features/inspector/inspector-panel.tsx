import './inspector.css'
import './inspector-layout.css'
import { lazy, Suspense, useEffect, type KeyboardEvent } from 'react'
import { whenIdle } from '@/model/when-idle.ts'
import { useAppStore } from '@/store/app-store.ts'

/**
 * The selected topic's details (payload views, history, diffs, decoders) are loaded with the first
 * selection, not with the first screen (issue 18: the first load fetches only what shows the first
 * message).
 */
const loadTopicDetails = () => import('./topic-details.tsx')
const TopicDetails = lazy(() => loadTopicDetails().then((m) => ({ default: m.TopicDetails })))

/** Once the first message has shown, the details are fetched when the page is next idle. */
function usePreloadAfterFirstMessage(): void {
  const anyMessage = useAppStore((s) => s.batch.totals.messages > 0)
  useEffect(() => {
    if (!anyMessage) return
    whenIdle(() => void loadTopicDetails())
  }, [anyMessage])
}

/**
 * The selected topic: the message inspector (from the worker on demand: one topic's history summary
 * and one window of one payload) and its counts and rates (from the batch). `onBackToTopics`: the
 * "Back to topics" button of the stacked (phone) layout, where the details sit below the tree.
 */
export function InspectorPanel({ onBackToTopics }: { onBackToTopics?: () => void }) {
  const selected = useAppStore((s) => s.batch.selected)
  const selectedId = useAppStore((s) => s.selectedId)
  const inspection = useAppStore((s) => s.inspection)
  usePreloadAfterFirstMessage()
  // Delete clears the selected topic's retained message (after the confirmation), as in the tree.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Delete' || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.target instanceof HTMLElement && event.target.closest('input, select, textarea, dialog')) return
    if (!inspection || (!inspection.retained && inspection.received === 0)) return
    event.preventDefault()
    useAppStore.getState().askClearRetained({ id: inspection.id, topic: inspection.topic, subtree: false })
  }
  return (
    <section className="panel topic-details" aria-labelledby="topic-details-heading" onKeyDown={onKeyDown}>
      <header className="section-header">
        <h2 id="topic-details-heading">Topic details</h2>
        {onBackToTopics && (
          <div className="section-actions">
            <button type="button" className="compact back-to-topics" onClick={onBackToTopics}>
              Back to topics
            </button>
          </div>
        )}
      </header>
      <div className="panel-body">
        {selected ? (
          <Suspense fallback={<p className="empty-note">Loading…</p>}>
            <TopicDetails topic={selected} inspection={inspection} />
          </Suspense>
        ) : (
          <p className="empty-note">{selectedId === undefined ? 'Select a topic in the tree to see its details.' : 'Loading…'}</p>
        )}
      </div>
    </section>
  )
}
