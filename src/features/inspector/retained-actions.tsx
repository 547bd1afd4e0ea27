import type { Inspection } from '@/model/inspection-types.ts'
import { useAppStore } from '@/store/app-store.ts'

/**
 * "Clear retained" (this topic, when it holds a retained message) and "Clear retained below" (this
 * topic and every topic under it: the broker is asked which are retained first). Both confirm.
 */
export function RetainedActions({ inspection }: { inspection: Inspection }) {
  const connected = useAppStore((s) => s.connection.state === 'connected')
  const busy = useAppStore((s) => s.clearDialog !== undefined)
  const ask = useAppStore.getState().askClearRetained
  const { id, topic, retained, childCount, received } = inspection
  // Under MQTT 3.1.1 a retained message that arrived live carries no retain flag, so the tree cannot
  // know every retained topic: clearing is offered for any topic that has carried a message (an
  // empty retained publish where the broker holds none changes nothing).
  const clearable = retained || received > 0
  return (
    <div className="retained-actions">
      <button
        type="button"
        className="compact danger"
        disabled={!connected || busy || !clearable}
        title={
          retained
            ? 'Clear the retained message of this topic (Delete)'
            : clearable
              ? 'Clear the retained message of this topic, if the broker holds one (Delete)'
              : 'No message has been seen on this topic'
        }
        onClick={() => ask({ id, topic, subtree: false })}
      >
        Clear retained
      </button>
      <button
        type="button"
        className="compact danger"
        disabled={!connected || busy || childCount === 0}
        title={childCount > 0 ? 'Clear every retained message at and below this topic' : 'This topic has no subtopics'}
        onClick={() => ask({ id, topic, subtree: true })}
      >
        Clear retained below
      </button>
    </div>
  )
}
