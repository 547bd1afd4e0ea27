import { useId, useState, type FormEvent } from 'react'
import { Field } from '@/components/field.tsx'
import { FormDialogActions, ModalDialog } from '@/components/modal-dialog.tsx'
import type { RecordingInfo } from '@/model/recording-list.ts'
import { parseTimeInput } from '@/model/recording-time.ts'
import { useAppStore } from '@/store/app-store.ts'
import type { ReplayRequestBody } from '@/store/recordings-slice.ts'

interface Props {
  readonly recording: RecordingInfo
  readonly onClose: () => void
}

type Problems = Partial<Record<'url' | 'prefix' | 'speed' | 'from' | 'to' | 'server', string>>

const URL_SCHEMES = /^(mqtts?|wss?):\/\/\S+$/i

/**
 * "Replay recording": the server publishes the recording again, in order, with the original gaps
 * divided by the speed (0: as fast as possible), to the embedded broker or another one (which the
 * bridge policy must allow), each topic behind an optional prefix.
 */
export function ReplayDialog({ recording, onClose }: Props) {
  const [target, setTarget] = useState<'embedded' | 'url'>('embedded')
  const [url, setUrl] = useState('')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [prefix, setPrefix] = useState('')
  const [speed, setSpeed] = useState('1')
  const [qos, setQos] = useState<'as recorded' | '0' | '1' | '2'>('as recorded')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [problems, setProblems] = useState<Problems>({})
  const [busy, setBusy] = useState(false)
  const formId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found: Problems = {}
    if (target === 'url' && !URL_SCHEMES.test(url.trim())) found.url = 'Give an mqtt://, mqtts://, ws:// or wss:// URL'
    if (/[+#]/.test(prefix)) found.prefix = 'A prefix cannot contain + or #'
    const factor = Number(speed.trim())
    if (speed.trim() === '' || !Number.isFinite(factor) || factor < 0) found.speed = 'A number ≥ 0 (0: as fast as possible)'
    const start = parseTimeInput(from, 'from')
    const end = parseTimeInput(to, 'to')
    if (typeof start === 'object') found.from = start.error
    if (typeof end === 'object') found.to = end.error
    if (typeof start === 'number' && typeof end === 'number' && end < start) found.to = '“To” is before “From”'
    setProblems(found)
    if (Object.keys(found).length > 0 || typeof start === 'object' || typeof end === 'object') return
    const body: ReplayRequestBody = {
      speed: factor,
      ...(start === undefined ? {} : { from: start }),
      ...(end === undefined ? {} : { to: end }),
      ...(prefix === '' ? {} : { topicPrefix: prefix }),
      ...(qos === 'as recorded' ? {} : { qos: Number(qos) as 0 | 1 | 2 }),
      ...(target === 'url' ? { url: url.trim(), ...(username === '' ? {} : { username }), ...(password === '' ? {} : { password }) } : {}),
    }
    setBusy(true)
    const refusal = await useAppStore.getState().startReplay(recording.id, recording.name, body)
    setBusy(false)
    if (refusal === undefined) onClose()
    else setProblems({ server: refusal })
  }

  return (
    <ModalDialog open onClose={onClose} label="Replay recording" className="recording-dialog">
      <form id={formId} className="modal-body recording-form" noValidate onSubmit={(e) => void submit(e)}>
        <h2>Replay &ldquo;{recording.name}&rdquo;</h2>
        <p className="field-hint">The server publishes its {recording.messages} messages (or those from/to the times below) again, in the order they came.</p>
        <Field label="Target">
          {(control) => (
            <select {...control} value={target} onChange={(e) => setTarget(e.target.value as 'embedded' | 'url')}>
              <option value="embedded">the embedded broker</option>
              <option value="url">another broker (URL)</option>
            </select>
          )}
        </Field>
        {target === 'url' && (
          <>
            <Field label="Broker URL" error={problems.url} hint="The server connects to it: the bridge policy applies.">
              {(control) => (
                <input {...control} className="mono" spellCheck={false} placeholder="mqtt://host:1883" value={url} onChange={(e) => setUrl(e.target.value)} />
              )}
            </Field>
            <div className="recording-form-row">
              <Field label="User name">
                {(control) => <input {...control} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />}
              </Field>
              <Field label="Password">
                {(control) => <input {...control} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />}
              </Field>
            </div>
          </>
        )}
        <Field label="Topic prefix" error={problems.prefix} hint="Put in front of every topic, e.g. replay/ (empty: the original topics).">
          {(control) => <input {...control} className="mono" spellCheck={false} value={prefix} onChange={(e) => setPrefix(e.target.value)} />}
        </Field>
        <div className="recording-form-row">
          <Field label="Speed" error={problems.speed} hint="1: real time; 10: ten times faster; 0: as fast as possible.">
            {(control) => <input {...control} inputMode="decimal" value={speed} onChange={(e) => setSpeed(e.target.value)} />}
          </Field>
          <Field label="QoS">
            {(control) => (
              <select {...control} value={qos} onChange={(e) => setQos(e.target.value as typeof qos)}>
                <option value="as recorded">as recorded</option>
                <option value="0">0</option>
                <option value="1">1</option>
                <option value="2">2</option>
              </select>
            )}
          </Field>
        </div>
        <div className="recording-form-row">
          <Field label="From" error={problems.from} hint="Empty: from the first message.">
            {(control) => <input {...control} type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To" error={problems.to} hint="Empty: to the last.">
            {(control) => <input {...control} type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />}
          </Field>
        </div>
        {problems.server !== undefined && (
          <p className="inline-error" role="alert">
            The server refused: {problems.server}
          </p>
        )}
      </form>
      <FormDialogActions formId={formId} onCancel={onClose} submitLabel="Start replay" submitDisabled={busy} />
    </ModalDialog>
  )
}
