import './publish.css'
import { useState, type KeyboardEvent } from 'react'
import { Field } from '@/components/field.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { DeliveryOptions } from './delivery-options.tsx'
import { PayloadEditor } from './payload-editor.tsx'
import { PropertiesDetails } from './properties-details.tsx'
import { PublishLists } from './publish-lists.tsx'
import { PublishOutcomeStatus, RepeatProgressStatus } from './publish-status.tsx'
import { RepeatControls } from './repeat-controls.tsx'
import { SaveMessageDialog } from './save-message-dialog.tsx'

function TopicField() {
  const topic = useAppStore((s) => s.publishDraft.topic)
  const problem = useAppStore((s) => s.publishProblems.topic)
  return (
    <Field label="Topic" error={problem}>
      {(control) => (
        <input
          {...control}
          type="text"
          className="mono"
          spellCheck={false}
          autoComplete="off"
          placeholder="home/kitchen/lamp/set"
          value={topic}
          onChange={(e) => useAppStore.getState().setPublishDraft({ topic: e.target.value })}
        />
      )}
    </Field>
  )
}

function PublishActions({ onSave }: { onSave: () => void }) {
  const running = useAppStore((s) => s.publishJob?.running ?? false)
  const connectionProblem = useAppStore((s) => s.publishProblems.connection)
  const { publish, stopPublish } = useAppStore.getState()
  return (
    <div className="publish-actions">
      <div className="publish-buttons">
        <button type="button" className="primary" disabled={running} onClick={() => publish()} title="Publish (Ctrl+Enter)">
          Publish
        </button>
        {running && (
          <button type="button" className="danger" onClick={stopPublish}>
            Stop
          </button>
        )}
        <button type="button" className="ghost" onClick={onSave}>
          Save message
        </button>
      </div>
      {connectionProblem && (
        <p className="field-error" role="alert">
          {connectionProblem}
        </p>
      )}
    </div>
  )
}

/**
 * The publish panel: topic, payload (text, JSON, hex, base64 or a file), QoS, retain, MQTT 5
 * properties and repeat; the outcome of each send; recent publishes and saved messages.
 * Ctrl/Cmd+Enter anywhere inside publishes.
 */
export function PublishPanel() {
  const [saving, setSaving] = useState(false)
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return
    if (event.target instanceof Element && event.target.closest('dialog')) return
    event.preventDefault()
    useAppStore.getState().publish()
  }
  return (
    <section className="panel publish-panel" aria-label="Publish" onKeyDown={onKeyDown}>
      <header className="section-header">
        <h2>Publish</h2>
      </header>
      <div className="panel-body">
        <TopicField />
        <PayloadEditor />
        <DeliveryOptions />
        <PropertiesDetails />
        <RepeatControls />
        <PublishActions onSave={() => setSaving(true)} />
        <PublishOutcomeStatus />
        <RepeatProgressStatus />
        <PublishLists />
      </div>
      <SaveMessageDialog open={saving} onClose={() => setSaving(false)} />
    </section>
  )
}
