import type { Inspection } from '@/model/inspection-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { READ_ONLY_REASON } from '@/store/recording-session-slice.ts'

/**
 * "Clear retained" (this topic, only while it is known to hold a retained message: clearing is an
 * empty retained publish that every subscriber receives), "Clear retained below" (this topic and
 * every topic under it: the broker is asked which are retained first; both confirm), and "Forget
 * topic" (out of this page's tree with its history; the broker is not changed).
 */
export function RetainedActions({ inspection }: { inspection: Inspection }) {
  const connected = useAppStore((s) => s.connection.state === 'connected')
  const busy = useAppStore((s) => s.clearDialog !== undefined)
  const readOnly = useAppStore((s) => s.openedRecording !== undefined)
  const { askClearRetained: ask, forget } = useAppStore.getState()
  const { id, topic, retained, childCount } = inspection
  return (
    <div className="retained-actions">
      <button
        type="button"
        className="compact danger"
        disabled={readOnly || !connected || busy || !retained}
        title={
          readOnly
            ? READ_ONLY_REASON
            : retained
              ? 'Clear the retained message of this topic (Delete): every subscriber receives an empty message'
              : 'The broker holds no retained message for this topic, as far as this page knows'
        }
        onClick={() => ask({ id, topic, subtree: false })}
      >
        Clear retained
      </button>
      <button
        type="button"
        className="compact danger"
        disabled={readOnly || !connected || busy || childCount === 0}
        title={readOnly ? READ_ONLY_REASON : childCount > 0 ? 'Clear every retained message at and below this topic' : 'This topic has no subtopics'}
        onClick={() => ask({ id, topic, subtree: true })}
      >
        Clear retained below
      </button>
      <button
        type="button"
        className="compact"
        title="Remove this topic and everything below it from the tree, with their history (the broker is not changed; new messages bring it back)"
        onClick={() => forget({ id, topic })}
      >
        Forget topic
      </button>
    </div>
  )
}
