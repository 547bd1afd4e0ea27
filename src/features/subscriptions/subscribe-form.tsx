import { useId, useState, type FormEvent } from 'react'
import type { QoS } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { READ_ONLY_REASON } from '@/store/recording-session-slice.ts'

/** Topic filter + QoS + Subscribe; an invalid filter is explained inline and the text is kept. */
export function SubscribeForm() {
  const subscribe = useAppStore((s) => s.subscribe)
  const readOnly = useAppStore((s) => s.openedRecording !== undefined)
  const [filter, setFilter] = useState('')
  const [qos, setQos] = useState<QoS>(0)
  const [problem, setProblem] = useState<string | undefined>()
  const id = useId()

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const error = subscribe(filter, qos)
    setProblem(error)
    if (!error) setFilter('')
  }

  return (
    <form className="subscribe-form" onSubmit={onSubmit} noValidate>
      <div className="input-group">
        <label htmlFor={`${id}-filter`} className="visually-hidden">
          Topic filter
        </label>
        <input
          id={`${id}-filter`}
          type="text"
          className="mono grow"
          placeholder="Topic filter, e.g. home/+/temp or #"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value)
            if (problem) setProblem(undefined)
          }}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        <label htmlFor={`${id}-qos`} className="visually-hidden">
          Subscription QoS
        </label>
        <select id={`${id}-qos`} value={qos} onChange={(e) => setQos(Number(e.target.value) as QoS)} title="Subscription QoS">
          <option value={0}>QoS 0</option>
          <option value={1}>QoS 1</option>
          <option value={2}>QoS 2</option>
        </select>
        <button type="submit" disabled={readOnly} title={readOnly ? READ_ONLY_REASON : undefined}>
          Subscribe
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="inline-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
