import type { ReactNode } from 'react'
import { formatAge, formatByteRate, formatBytes, formatCount, formatDateTime, formatRate } from '@/components/format.ts'
import { useNow } from '@/components/use-now.ts'
import { useAppStore } from '@/store/app-store.ts'
import type { SelectedTopic } from '@/model/batch-types.ts'

function Stat({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'stat span-2' : 'stat'}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

const ago = (age: string): string => (age === 'now' ? 'just now' : `${age} ago`)

/** The selected topic's counts and rates (from the batch, so they move with the tree). */
export function TopicStats({ topic }: { topic: SelectedTopic }) {
  const liveNow = useNow()
  // In a recording, ages are measured from the time the slider shows.
  const now = useAppStore((s) => s.recordingSession?.at) ?? liveNow
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
