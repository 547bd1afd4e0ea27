import { Field } from '@/components/field.tsx'
import type { QoS } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The probe's settings: the field names, Start and Stop. */
export function ProbeForm({ running }: { running: boolean }) {
  const draft = useAppStore((s) => s.probeDraft)
  const problems = useAppStore((s) => s.probeProblems)
  const { setProbeDraft, startProbe, stopProbe } = useAppStore.getState()
  const problem = (field: string) => problems.find((p) => p.startsWith(`${field}:`))?.slice(field.length + 2)
  const other = problems.filter((p) => !/^(Messages|Rate \(msg\/s\)|Payload size \(bytes\)|Topic|QoS):/.test(p))
  return (
    <form
      className="measure-form"
      aria-label="Probe settings"
      onSubmit={(event) => {
        event.preventDefault()
        if (!running) startProbe()
      }}
    >
      <Field label="Messages" error={problem('Messages')} className="measure-number">
        {(control) => <input {...control} inputMode="numeric" value={draft.count} onChange={(e) => setProbeDraft({ count: e.target.value })} />}
      </Field>
      <Field label="Rate (msg/s)" error={problem('Rate (msg/s)')} className="measure-number">
        {(control) => (
          <input
            {...control}
            inputMode="decimal"
            placeholder="as fast as possible"
            value={draft.rate}
            onChange={(e) => setProbeDraft({ rate: e.target.value })}
          />
        )}
      </Field>
      <Field label="QoS" className="measure-qos">
        {(control) => (
          <select {...control} value={draft.qos} onChange={(e) => setProbeDraft({ qos: Number(e.target.value) as QoS })}>
            <option value={0}>0</option>
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        )}
      </Field>
      <Field label="Payload size (bytes)" error={problem('Payload size (bytes)')} className="measure-number">
        {(control) => <input {...control} inputMode="numeric" value={draft.size} onChange={(e) => setProbeDraft({ size: e.target.value })} />}
      </Field>
      <Field label="Topic" error={problem('Topic')} className="measure-topic">
        {(control) => (
          <input
            {...control}
            className="mono"
            placeholder="mqtt-scope/probe/<run id>"
            value={draft.topic}
            onChange={(e) => setProbeDraft({ topic: e.target.value })}
          />
        )}
      </Field>
      <label className="check measure-check">
        <input type="checkbox" checked={draft.separateSubscriber} onChange={(e) => setProbeDraft({ separateSubscriber: e.target.checked })} />
        Separate subscriber connection
      </label>
      <div className="measure-buttons">
        <button type="submit" className="primary" disabled={running}>
          Start
        </button>
        <button type="button" disabled={!running} onClick={stopProbe}>
          Stop
        </button>
      </div>
      {other.length > 0 && (
        <p className="field-error measure-problems" role="alert">
          {other.join(' ')}
        </p>
      )}
    </form>
  )
}
