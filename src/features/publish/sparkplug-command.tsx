import { sparkplugCommandTopic } from '@/model/encoded-publish.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'

/**
 * Sparkplug B commands made easy: from the Topic (or the tree's selection) of an edge node or
 * device, one click sets the topic to its NCMD or DCMD. Shown in the Sparkplug B format only.
 */
export function SparkplugCommandTopics({ topic, selected }: { topic: string; selected: string | undefined }) {
  const { typePublishTopic } = useAppStore.getState()
  const from = sparkplugCommandTopic(topic, 'NCMD') !== undefined ? topic : (selected ?? '')
  const targets = (['NCMD', 'DCMD'] as const).flatMap((type) => {
    const to = sparkplugCommandTopic(from, type)
    return to === undefined || to === topic ? [] : [{ type, to }]
  })
  if (targets.length === 0) return null
  return (
    <span className="sparkplug-commands">
      {targets.map(({ type, to }) => (
        <button key={type} type="button" className="compact" title={`Publish to ${escapeInvisible(to)}`} onClick={() => typePublishTopic(to)}>
          Use {type} topic
        </button>
      ))}
    </span>
  )
}
