import { useId, useState, type FormEvent } from 'react'
import { downloadBlob } from '@/components/download.ts'
import { Field } from '@/components/field.tsx'
import { formatBytes, formatDateTime } from '@/components/format.ts'
import { FormDialogActions, ModalDialog } from '@/components/modal-dialog.tsx'
import { recordingFileName, type ExportFormat, type RecordingInfo } from '@/model/recording-list.ts'
import { parseTimeInput } from '@/model/recording-time.ts'
import { validateFilter } from '@/model/topic-rules.ts'
import { useAppStore } from '@/store/app-store.ts'

interface Props {
  readonly recording: RecordingInfo
  readonly onClose: () => void
  /** What was saved, for the panel's status line. */
  readonly onSaved: (text: string) => void
}

type Problems = Partial<Record<'from' | 'to' | 'topic' | 'download', string>>

/** "Export recording": JSONL or CSV, optionally a time range and a topic (or filter), saved as a file. */
export function ExportDialog({ recording, onClose, onSaved }: Props) {
  const [format, setFormat] = useState<ExportFormat>('jsonl')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [topic, setTopic] = useState('')
  const [problems, setProblems] = useState<Problems>({})
  const [busy, setBusy] = useState(false)
  const formId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found: Problems = {}
    const start = parseTimeInput(from, 'from')
    const end = parseTimeInput(to, 'to')
    if (typeof start === 'object') found.from = start.error
    if (typeof end === 'object') found.to = end.error
    if (typeof start === 'number' && typeof end === 'number' && end < start) found.to = '“To” is before “From”'
    const filterProblem = topic.trim() === '' ? undefined : validateFilter(topic.trim())
    if (filterProblem !== undefined) found.topic = filterProblem
    setProblems(found)
    if (Object.keys(found).length > 0 || typeof start === 'object' || typeof end === 'object') return
    setBusy(true)
    const result = await useAppStore.getState().exportRecording(recording.id, { format, from: start, to: end, topic: topic.trim() })
    setBusy(false)
    if ('error' in result) return setProblems({ download: result.error })
    const name = recordingFileName(recording.name, format)
    downloadBlob(name, result.blob)
    onSaved(`Saved ${name} (${formatBytes(result.blob.size)})`)
    onClose()
  }

  const range =
    recording.first === undefined || recording.last === undefined
      ? 'It holds no messages yet.'
      : `It holds messages from ${formatDateTime(recording.first)} to ${formatDateTime(recording.last)}.`
  return (
    <ModalDialog open onClose={onClose} label="Export recording" className="recording-dialog">
      <form id={formId} className="modal-body recording-form" noValidate onSubmit={(e) => void submit(e)}>
        <h2>Export &ldquo;{recording.name}&rdquo;</h2>
        <p className="field-hint">{range} Leave a field empty for no limit.</p>
        <Field label="Format">
          {(control) => (
            <select {...control} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
              <option value="jsonl">JSONL (one message per line, payload in Base64: imports and replays)</option>
              <option value="csv">CSV (for a spreadsheet)</option>
            </select>
          )}
        </Field>
        <div className="recording-form-row">
          <Field label="From" error={problems.from}>
            {(control) => <input {...control} type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To" error={problems.to}>
            {(control) => <input {...control} type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />}
          </Field>
        </div>
        <Field label="Topic or filter" error={problems.topic} hint="For example sensors/+/temperature; empty: every topic.">
          {(control) => <input {...control} className="mono" spellCheck={false} value={topic} onChange={(e) => setTopic(e.target.value)} />}
        </Field>
        {problems.download !== undefined && (
          <p className="inline-error" role="alert">
            The export failed: {problems.download}
          </p>
        )}
      </form>
      <FormDialogActions formId={formId} onCancel={onClose} submitLabel={busy ? 'Downloading…' : 'Download'} submitDisabled={busy} />
    </ModalDialog>
  )
}
