import './topic-details.css'
import type { ReactNode } from 'react'
import { formatAge, formatByteRate, formatBytes, formatCount, formatDateTime, formatRate } from '../../components/format.ts'
import { useNow } from '../../components/use-now.ts'
import { escapeInvisible } from '../../model/payload-preview.ts'
import { useAppStore } from '../../store/app-store.ts'
import type { SelectedTopic } from '../../worker/protocol.ts'
import { CopyButton } from './copy-button.tsx'

function Stat({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'stat span-2' : 'stat'}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

const ago = (age: string): string => (age === 'now' ? 'just now' : `${age} ago`)

function Details({ topic }: { topic: SelectedTopic }) {
  const now = useNow()
  const hasMessage = topic.ownMessages > 0
  return (
    <>
      <div className="detail-topic">
        <code className="topic-path">{escapeInvisible(topic.topic)}</code>
        <CopyButton text={topic.topic} label="Copy topic" />
      </div>
      <dl className="stats">
        <Stat label="Messages">{formatCount(topic.ownMessages)}</Stat>
        <Stat label="Including subtopics">{formatCount(topic.subtreeMessages)}</Stat>
        <Stat label="Subtopics">{formatCount(topic.subtreeTopics)}</Stat>
        <Stat label="Retained">{topic.retained ? 'yes' : 'no'}</Stat>
        <Stat label="Last QoS">{topic.lastQos ?? '–'}</Stat>
        <Stat label="Last size">{hasMessage ? formatBytes(topic.lastBytes) : '–'}</Stat>
        <Stat label="Message rate">{formatRate(topic.rate)} msg/s</Stat>
        <Stat label="Byte rate">{formatByteRate(topic.byteRate)}</Stat>
        <Stat label="Last message" wide>
          {topic.lastAt > 0 ? `${ago(formatAge(now, topic.lastAt))} · ${formatDateTime(topic.lastAt)}` : '–'}
        </Stat>
      </dl>
      <h3 className="subheading">Last payload</h3>
      {hasMessage ? (
        <pre className={`payload-box${topic.binary ? ' is-binary' : ''}`}>
          {topic.preview}
          {topic.previewCut && (
            <span className="cut" title={`the preview shows part of ${formatCount(topic.lastBytes)} bytes`}>
              {' '}… cut, {formatBytes(topic.lastBytes)} in all
            </span>
          )}
        </pre>
      ) : (
        <p className="empty-note">No message on this topic itself; its subtopics have {formatCount(topic.subtreeMessages)}.</p>
      )}
      {topic.binary && <p className="field-hint">Not valid UTF-8: shown as hex bytes.</p>}
    </>
  )
}

/** The selected topic: counts, retained flag, QoS, size, time, rates and the last payload. */
export function TopicDetails() {
  const selected = useAppStore((s) => s.batch.selected)
  const selectedId = useAppStore((s) => s.selectedId)
  return (
    <section className="panel topic-details" aria-labelledby="topic-details-heading">
      <header className="section-header">
        <h2 id="topic-details-heading">Topic details</h2>
      </header>
      <div className="panel-body">
        {selected ? (
          <Details topic={selected} />
        ) : (
          <p className="empty-note">{selectedId === undefined ? 'Select a topic in the tree to see its details.' : 'Loading…'}</p>
        )}
      </div>
    </section>
  )
}
