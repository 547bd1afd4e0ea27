import { Field } from '@/components/field.tsx'
import type { QoS } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The watch's settings: a filter and the JSON paths of the sequence number and the timestamp. */
export function WatchForm({ running }: { running: boolean }) {
  const draft = useAppStore((s) => s.watchDraft)
  const problems = useAppStore((s) => s.watchProblems)
  const { setWatchDraft, startWatch, stopWatch } = useAppStore.getState()
  const problem = (field: string) => problems.find((p) => p.startsWith(`${field}:`))?.slice(field.length + 2)
  return (
    <form
      className="measure-form"
      aria-label="Watch settings"
      onSubmit={(event) => {
        event.preventDefault()
        if (!running) startWatch()
      }}
    >
      <Field label="Watch filter" error={problem('Watch filter')} className="measure-topic">
        {(control) => (
          <input
            {...control}
            className="mono"
            placeholder="devices/+/telemetry"
            value={draft.filter}
            onChange={(e) => setWatchDraft({ filter: e.target.value })}
          />
        )}
      </Field>
      <Field label="Sequence path" error={problem('Sequence path')} className="measure-path">
        {(control) => (
          <input
            {...control}
            className="mono"
            placeholder="e.g. seq"
            title="JSON path of a sequence number (seq, data.seq, $.a[0]); empty: no loss figures"
            value={draft.seqPath}
            onChange={(e) => setWatchDraft({ seqPath: e.target.value })}
          />
        )}
      </Field>
      <Field label="Timestamp path" error={problem('Timestamp path')} className="measure-path">
        {(control) => (
          <input
            {...control}
            className="mono"
            placeholder="e.g. ts"
            title="JSON path of the send time: epoch s/ms or ISO 8601; empty: no latency figures"
            value={draft.timePath}
            onChange={(e) => setWatchDraft({ timePath: e.target.value })}
          />
        )}
      </Field>
      <Field label="Payload format" className="measure-qos">
        {(control) => (
          <select
            {...control}
            title="How payloads are read before the paths: JSON, or decoded (Sparkplug B: seq, timestamp.ms)"
            value={draft.format ?? 'json'}
            onChange={(e) => setWatchDraft({ format: e.target.value as NonNullable<typeof draft.format> })}
          >
            <option value="json">JSON</option>
            <option value="sparkplug">Sparkplug B</option>
            <option value="cbor">CBOR</option>
            <option value="msgpack">MessagePack</option>
          </select>
        )}
      </Field>
      <Field label="QoS" className="measure-qos">
        {(control) => (
          <select {...control} value={draft.qos} onChange={(e) => setWatchDraft({ qos: Number(e.target.value) as QoS })}>
            <option value={0}>0</option>
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        )}
      </Field>
      <div className="measure-buttons">
        <button type="submit" className="primary" disabled={running}>
          Start
        </button>
        <button type="button" disabled={!running} onClick={stopWatch}>
          Stop
        </button>
      </div>
    </form>
  )
}
