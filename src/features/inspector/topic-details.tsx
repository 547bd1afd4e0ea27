import { useCallback, useRef } from 'react'
import { Disclosure } from '@/components/disclosure.tsx'
import { formatCount } from '@/components/format.ts'
import type { SelectedTopic } from '@/model/batch-types.ts'
import type { Inspection } from '@/model/inspection-types.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'
import { shareUrlOf } from '@/store/share-link-store.ts'
import { CopyButton } from '@/components/copy-button.tsx'
import { HistoryList } from './history-list.tsx'
import { MessageMeta } from './message-meta.tsx'
import { PayloadPanel } from './payload-panel.tsx'
import { RetainedActions } from './retained-actions.tsx'
import { TopicStats } from './topic-stats.tsx'

/** The message the inspector shows (the latest, or a history entry), or why there is none. */
function Message({ inspection, topic }: { inspection: Inspection; topic: SelectedTopic }) {
  const message = inspection.message
  const heading = inspection.following ? 'Last payload' : 'Payload of the selected message'
  if (!message) {
    let why = 'No message kept for this topic.'
    if (inspection.missing) why = 'This message is no longer kept: the history budget evicted it.'
    else if (inspection.received === 0) why = `No message on this topic itself; its subtopics have ${formatCount(topic.subtreeMessages)}.`
    return (
      <>
        <h3 className="subheading">{heading}</h3>
        <p className="empty-note">{why}</p>
      </>
    )
  }
  return <PayloadPanel inspection={inspection} message={message} heading={heading} />
}

/**
 * When a history entry is picked, its payload (right above the list) and the picked row are both
 * brought into view if the details were scrolled past either; the payload's top wins when both do
 * not fit.
 */
function revealPicked(payload: HTMLElement | null, row: HTMLElement): void {
  const body = payload?.closest('.panel-body')
  if (!payload || !body) return
  const view = body.getBoundingClientRect()
  const above = payload.getBoundingClientRect().top - view.top
  const below = row.getBoundingClientRect().bottom - view.bottom
  if (above < 0) body.scrollBy({ top: above })
  else if (below > 0) body.scrollBy({ top: Math.min(below, above) })
}

/**
 * The selected topic, payload first: its name (with copy and the retained actions), the shown
 * message's payload with a one-line summary, its history, then the message's metadata and the
 * topic's counts, both collapsible (remembered).
 */
export function TopicDetails({ topic, inspection }: { topic: SelectedTopic; inspection: Inspection | undefined }) {
  const current = inspection && inspection.id === topic.id ? inspection : undefined
  const payloadRef = useRef<HTMLDivElement>(null)
  const onPicked = useCallback((row: HTMLElement) => revealPicked(payloadRef.current, row), [])
  // This topic in this view, on this broker with these subscriptions (no secret in it).
  const link = useAppStore(shareUrlOf)
  return (
    <>
      <div className="detail-topic">
        <code className="topic-path">{escapeInvisible(topic.topic)}</code>
        <CopyButton text={topic.topic} label="Copy topic" />
        <CopyButton text={link} label="Copy link" />
        {current && <RetainedActions inspection={current} />}
      </div>
      {current ? (
        <>
          <div ref={payloadRef} className="payload-section">
            <Message inspection={current} topic={topic} />
          </div>
          {current.history.kept > 0 && <HistoryList inspection={current} onPicked={onPicked} />}
          {current.message && (
            <Disclosure id="inspector/message-metadata" summary="Message metadata" className="detail-more">
              <MessageMeta message={current.message} />
            </Disclosure>
          )}
        </>
      ) : (
        <p className="empty-note">Loading…</p>
      )}
      <Disclosure id="inspector/topic-statistics" summary="Topic statistics" className="detail-more">
        <TopicStats topic={topic} />
      </Disclosure>
    </>
  )
}
