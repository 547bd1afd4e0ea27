import { useId, useState, type FormEvent } from 'react'
import { Checkbox, Field } from '@/components/field.tsx'
import { FormDialogActions, ModalDialog } from '@/components/modal-dialog.tsx'
import type { ConnectionProfile, PageLocation } from '@/model/connection-profile.ts'
import { splitFilters } from '@/model/recording-list.ts'
import { defaultRecordingName, profileHasSecrets, recordingRequest, recordingTargetUrl, type DraftProblems } from '@/model/recording-start.ts'
import { useAppStore } from '@/store/app-store.ts'

const PAGE: PageLocation = globalThis.location ?? { protocol: 'http:', host: '127.0.0.1:8080' }

interface Props {
  readonly profile: ConnectionProfile
  readonly onClose: () => void
}

/**
 * "Start recording": the server records the current connection's broker (name, filters, QoS, what
 * to do when full). The embedded broker needs nothing more; another broker goes with the profile's
 * URL, credentials and TLS options, kept across a server restart only with "Remember credentials".
 */
export function StartRecordingDialog({ profile, onClose }: Props) {
  const subscriptions = useAppStore((s) => s.subscriptions)
  const [name, setName] = useState(() => defaultRecordingName(profile.name, new Date()))
  const [filters, setFilters] = useState(() => subscriptions.map((s) => s.filter).join('\n'))
  const [qos, setQos] = useState<0 | 1 | 2>(() => Math.max(0, ...subscriptions.map((s) => s.qos)) as 0 | 1 | 2)
  const [onFull, setOnFull] = useState<'evict' | 'stop'>('evict')
  const [remember, setRemember] = useState(false)
  const [problems, setProblems] = useState<DraftProblems>({})
  const [refusal, setRefusal] = useState<string>()
  const [busy, setBusy] = useState(false)
  const formId = useId()
  const refusalId = useId()
  const target = recordingTargetUrl(profile, PAGE)
  const secrets = profileHasSecrets(profile, PAGE)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const request = recordingRequest({ name, filters: splitFilters(filters), qos, onFull, remember }, profile, PAGE)
    setRefusal(undefined)
    if ('problems' in request) return setProblems(request.problems)
    setProblems({})
    setBusy(true)
    const problem = await useAppStore.getState().startRecording(request)
    setBusy(false)
    if (problem === undefined) onClose()
    else setRefusal(problem)
  }

  return (
    <ModalDialog open onClose={onClose} label="Start recording" className="recording-dialog">
      <form id={formId} className="modal-body recording-form" noValidate onSubmit={(e) => void submit(e)}>
        <h2>Start recording</h2>
        <p className="field-hint">
          The server records <strong>{target === undefined ? 'the embedded broker' : typeof target === 'string' ? target : profile.url}</strong> (the connection
          &ldquo;{profile.name}&rdquo;) until you stop it, with or without this page open.
        </p>
        {problems.target && (
          <p className="inline-error" role="alert">
            {problems.target}
          </p>
        )}
        <Field label="Name" error={problems.name}>
          {(control) => <input {...control} autoFocus maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Topic filters" error={problems.filters} hint="One per line; the current subscriptions to begin with.">
          {(control) => <textarea {...control} rows={3} spellCheck={false} className="mono" value={filters} onChange={(e) => setFilters(e.target.value)} />}
        </Field>
        <div className="recording-form-row">
          <Field label="QoS">
            {(control) => (
              <select {...control} value={qos} onChange={(e) => setQos(Number(e.target.value) as 0 | 1 | 2)}>
                <option value={0}>0</option>
                <option value={1}>1</option>
                <option value={2}>2</option>
              </select>
            )}
          </Field>
          <Field label="When a budget is reached">
            {(control) => (
              <select {...control} value={onFull} onChange={(e) => setOnFull(e.target.value as 'evict' | 'stop')}>
                <option value="evict">drop the oldest messages (counted)</option>
                <option value="stop">stop the recording</option>
              </select>
            )}
          </Field>
        </div>
        {secrets && (
          <>
            <Checkbox label="Remember credentials" checked={remember} onChange={setRemember} />
            <p className="field-hint">
              {remember
                ? 'The server keeps the user name, password and TLS options in a file only its user can read, so the recording resumes after a restart.'
                : 'Without this, the credentials stay in the server’s memory only: after a restart the recording waits as “paused: credentials needed”.'}
            </p>
          </>
        )}
        {refusal !== undefined && (
          <p id={refusalId} className="inline-error" role="alert">
            The server refused: {refusal}
          </p>
        )}
      </form>
      <FormDialogActions formId={formId} onCancel={onClose} submitLabel="Start recording" submitDisabled={busy} />
    </ModalDialog>
  )
}
