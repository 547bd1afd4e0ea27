import { Checkbox, Field } from '@/components/field.tsx'
import type { QoS } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'

/** QoS and Retain, each with its problem (a broker may allow less: MQTT 5 CONNACK). */
export function DeliveryOptions() {
  const qos = useAppStore((s) => s.publishDraft.qos)
  const retain = useAppStore((s) => s.publishDraft.retain)
  const qosProblem = useAppStore((s) => s.publishProblems.qos)
  const retainProblem = useAppStore((s) => s.publishProblems.retain)
  const { setPublishDraft } = useAppStore.getState()
  return (
    <div className="delivery-options">
      <Field label="QoS" error={qosProblem} className="qos-field">
        {(control) => (
          <select {...control} value={qos} onChange={(e) => setPublishDraft({ qos: Number(e.target.value) as QoS })}>
            <option value={0}>0</option>
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        )}
      </Field>
      <div className="retain-field">
        <Checkbox label="Retain" checked={retain} onChange={(checked) => setPublishDraft({ retain: checked })} />
        {retainProblem && (
          <p className="field-error" role="alert">
            {retainProblem}
          </p>
        )}
      </div>
    </div>
  )
}
