import './publish.css'
import { useId, useState, type KeyboardEvent } from 'react'
import { Field } from '@/components/field.tsx'
import { ChevronIcon } from '@/components/icons.tsx'
import { ENCODED_FORMAT_LABELS } from '@/model/encoded-publish.ts'
import { escapeInvisible } from '@/model/payload-preview.ts'
import { isTextLikeMode } from '@/model/publish-payload.ts'
import { useAppStore } from '@/store/app-store.ts'
import { READ_ONLY_REASON } from '@/store/recording-session-slice.ts'
import { DeliveryOptions } from './delivery-options.tsx'
import { PayloadEditor } from './payload-editor.tsx'
import { PropertiesDetails } from './properties-details.tsx'
import { PublishLists } from './publish-lists.tsx'
import { PublishOutcomeStatus, RepeatProgressStatus } from './publish-status.tsx'
import { RepeatControls } from './repeat-controls.tsx'
import { SaveMessageDialog } from './save-message-dialog.tsx'
import { SparkplugCommandTopics } from './sparkplug-command.tsx'

/**
 * The Topic, typed or filled from the tree. Once typed, a click in the tree leaves it alone; "Use
 * selected topic" then takes the tree's selection on request.
 */
function TopicField() {
  const topic = useAppStore((s) => s.publishDraft.topic)
  const problem = useAppStore((s) => s.publishProblems.topic)
  const typed = useAppStore((s) => s.publishTopicTyped)
  const selected = useAppStore((s) => (s.batch.selected !== undefined && s.batch.selected.id === s.selectedId ? s.batch.selected.topic : undefined))
  const sparkplug = useAppStore((s) => s.publishDraft.mode === 'sparkplug')
  const { typePublishTopic, useSelectedTopic } = useAppStore.getState()
  return (
    <div className="topic-field">
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
            onChange={(e) => typePublishTopic(e.target.value)}
          />
        )}
      </Field>
      {typed && selected !== undefined && selected !== topic && (
        <button type="button" className="compact use-selected" title={`Publish to ${escapeInvisible(selected)}`} onClick={useSelectedTopic}>
          Use selected topic
        </button>
      )}
      {sparkplug && <SparkplugCommandTopics topic={topic} selected={selected} />}
    </div>
  )
}

/** "Publish" (and "Stop" while repeating): in the panel's header, so they are in view even when the form is scrolled or folded. */
function PublishButtons() {
  const running = useAppStore((s) => s.publishJob?.running ?? false)
  const readOnly = useAppStore((s) => s.openedRecording !== undefined)
  const { publish, stopPublish } = useAppStore.getState()
  return (
    <div className="section-actions publish-buttons">
      {running && (
        <button type="button" className="danger compact" onClick={stopPublish}>
          Stop
        </button>
      )}
      <button
        type="button"
        className="primary"
        disabled={running || readOnly}
        onClick={() => publish()}
        title={readOnly ? READ_ONLY_REASON : 'Publish (Ctrl+Enter)'}
      >
        Publish
      </button>
    </div>
  )
}

/** The folded panel says what Publish would send: topic, payload, QoS, retain. */
function DraftSummary() {
  const draft = useAppStore((s) => s.publishDraft)
  const payload =
    draft.mode === 'file'
      ? draft.file
        ? `file ${escapeInvisible(draft.file.name)}`
        : 'no file chosen'
      : draft.payload === ''
        ? 'empty payload'
        : `${draft.payload.length.toLocaleString('en')} characters of ${draft.mode === 'json' ? 'JSON' : draft.mode === 'text' ? 'text' : isTextLikeMode(draft.mode) ? `JSON as ${ENCODED_FORMAT_LABELS[draft.mode]}` : draft.mode}`
  return (
    <span className="publish-summary">
      to <code>{draft.topic === '' ? '(no topic)' : escapeInvisible(draft.topic)}</code> · {payload} · QoS {draft.qos}
      {draft.retain ? ' · retain' : ''}
    </span>
  )
}

/** Why the last Publish sent nothing ("Not connected"), and how the last send went: under the header. */
function PublishFeedback() {
  const connectionProblem = useAppStore((s) => s.publishProblems.connection)
  return (
    <div className="publish-feedback">
      {connectionProblem && (
        <p className="field-error" role="alert">
          {connectionProblem}
        </p>
      )}
      <PublishOutcomeStatus />
      <RepeatProgressStatus />
    </div>
  )
}

/**
 * The publish panel: a header with the Publish button that stays in view (the form below scrolls,
 * and folds away with "Publish options", remembered), the outcome of each send under it, then
 * topic, payload (text, JSON, hex, base64 or a file), QoS, retain, MQTT 5 properties and repeat;
 * recent publishes and saved messages. Ctrl/Cmd+Enter anywhere inside publishes.
 */
export function PublishPanel() {
  const [saving, setSaving] = useState(false)
  const open = useAppStore((s) => s.publishOpen)
  const bodyId = useId()
  const toggle = () => useAppStore.getState().setPublishOpen(!open)
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return
    if (event.target instanceof Element && event.target.closest('dialog')) return
    event.preventDefault()
    useAppStore.getState().publish()
  }
  return (
    <section className={`panel publish-panel${open ? '' : ' is-folded'}`} aria-label="Publish" onKeyDown={onKeyDown}>
      <header className="section-header publish-header">
        <button
          type="button"
          className={`icon-button small publish-fold${open ? ' is-open' : ''}`}
          aria-expanded={open}
          aria-controls={bodyId}
          aria-label="Publish options"
          title={open ? 'Fold the publish form away' : 'Show the publish form'}
          onClick={toggle}
        >
          <ChevronIcon />
        </button>
        <h2 onClick={toggle}>Publish</h2>
        {!open && <DraftSummary />}
        <PublishButtons />
      </header>
      <PublishFeedback />
      <div id={bodyId} className="panel-body" hidden={!open}>
        <TopicField />
        <PayloadEditor />
        <DeliveryOptions />
        <PropertiesDetails />
        <RepeatControls />
        <div className="publish-more">
          <button type="button" className="ghost" onClick={() => setSaving(true)}>
            Save message
          </button>
        </div>
        <PublishLists />
      </div>
      <SaveMessageDialog open={saving} onClose={() => setSaving(false)} />
    </section>
  )
}
