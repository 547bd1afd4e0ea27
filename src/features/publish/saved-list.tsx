import { escapeInvisible } from '@/model/payload-preview.ts'
import { useAppStore } from '@/store/app-store.ts'
import { MessageTransfer } from './message-transfer.tsx'

/** Named messages kept in this browser: load into the editor, publish at once, delete. */
export function SavedList() {
  const messages = useAppStore((s) => s.savedMessages)
  const { loadSavedMessage, publishSavedMessage, deleteSavedMessage } = useAppStore.getState()
  return (
    <div className="saved-messages">
      {messages.length === 0 ? (
        <p className="empty-note">No saved messages. "Save message" keeps the one in the editor.</p>
      ) : (
        <ul className="publish-list" aria-label="Saved messages">
          {messages.map((m) => (
            <li key={m.id} className="publish-item">
              <div className="publish-item-text">
                <span className="publish-item-name">{m.name}</span>
                <code className="publish-item-meta">
                  {escapeInvisible(m.draft.topic)} · QoS {m.draft.qos}
                  {m.draft.retain ? ' · retained' : ''}
                </code>
              </div>
              <div className="publish-item-actions">
                <button type="button" className="compact" aria-label={`Publish ${m.name}`} onClick={() => publishSavedMessage(m.id)}>
                  Publish
                </button>
                <button type="button" className="compact ghost" aria-label={`Load ${m.name}`} onClick={() => loadSavedMessage(m.id)}>
                  Load
                </button>
                <button type="button" className="compact ghost danger" aria-label={`Delete ${m.name}`} onClick={() => deleteSavedMessage(m.id)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <MessageTransfer />
    </div>
  )
}
