import './inspector.css'
import type { KeyboardEvent, ReactNode } from 'react'
import { formatAge, formatByteRate, formatBytes, formatCount, formatDateTime, formatRate } from '@/components/format.ts'
import { useNow } from '@/components/use-now.ts'
import type { SelectedTopic } from '@/model/batch-types.ts'
import type { Inspection } from '@/model/inspection-types.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'
import { CopyButton } from './copy-button.tsx'
import { HistoryList } from './history-list.tsx'
import { MessageMeta } from './message-meta.tsx'
import { PayloadPanel } from './payload-panel.tsx'
import { RetainedActions } from './retained-actions.tsx'

function Stat({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'stat span-2' : 'stat'}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

const ago = (age: string): string => (age === 'now' ? 'just now' : `${age} ago`)

function Stats({ topic }: { topic: SelectedTopic }) {
  const now = useNow()
  return (
    <dl className="stats">
      <Stat label="Messages">{formatCount(topic.ownMessages)}</Stat>
      <Stat label="Including subtopics">{formatCount(topic.subtreeMessages)}</Stat>
      <Stat label="Subtopics">{formatCount(topic.subtreeTopics)}</Stat>
      <Stat label="Retained">{topic.retained ? 'yes' : 'no'}</Stat>
      <Stat label="Message rate">{formatRate(topic.rate)} msg/s</Stat>
      <Stat label="Byte rate">{formatByteRate(topic.byteRate)}</Stat>
      <Stat label="Last message" wide>
        {topic.lastAt > 0 ? `${ago(formatAge(now, topic.lastAt))} · ${formatDateTime(topic.lastAt)} · ${formatBytes(topic.lastBytes)}` : '–'}
      </Stat>
    </dl>
  )
}

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
  return (
    <>
      <h3 className="subheading">{heading}</h3>
      <MessageMeta message={message} />
      <PayloadPanel inspection={inspection} message={message} />
    </>
  )
}

function Details({ topic, inspection }: { topic: SelectedTopic; inspection: Inspection | undefined }) {
  const current = inspection && inspection.id === topic.id ? inspection : undefined
  return (
    <>
      <div className="detail-topic">
        <code className="topic-path">{escapeInvisible(topic.topic)}</code>
        <CopyButton text={topic.topic} label="Copy topic" />
      </div>
      <Stats topic={topic} />
      {current ? (
        <>
          <RetainedActions inspection={current} />
          <Message inspection={current} topic={topic} />
          {current.history.kept > 0 && <HistoryList inspection={current} />}
        </>
      ) : (
        <p className="empty-note">Loading…</p>
      )}
    </>
  )
}

/**
 * The selected topic: its counts and rates (from the batch), and the message inspector (from the
 * worker on demand: one topic's history summary and one window of one payload).
 */
export function InspectorPanel() {
  const selected = useAppStore((s) => s.batch.selected)
  const selectedId = useAppStore((s) => s.selectedId)
  const inspection = useAppStore((s) => s.inspection)
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
      </header>
      <div className="panel-body">
        {selected ? (
          <Details topic={selected} inspection={inspection} />
        ) : (
          <p className="empty-note">{selectedId === undefined ? 'Select a topic in the tree to see its details.' : 'Loading…'}</p>
        )}
      </div>
    </section>
  )
}
