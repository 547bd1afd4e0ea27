import { useAppStore } from '@/store/app-store.ts'

type Pair = readonly [string, string]

/** Any number of MQTT 5 user properties (name, value), in order; names may repeat. */
export function UserProperties({ disabled }: { disabled: boolean }) {
  const pairs = useAppStore((s) => s.publishDraft.properties.userProperties) ?? []
  const problem = useAppStore((s) => s.publishProblems.userProperties)
  const update = (next: readonly Pair[]) => {
    const { properties } = useAppStore.getState().publishDraft
    useAppStore.getState().setPublishDraft({ properties: { ...properties, userProperties: next } })
  }
  const change = (index: number, pair: Pair) => update(pairs.map((p, i) => (i === index ? pair : p)))

  return (
    <fieldset className="user-properties-editor" disabled={disabled}>
      <legend>User properties</legend>
      {pairs.map(([name, value], i) => (
        <div className="user-property" key={i}>
          <input
            type="text"
            aria-label={`User property name ${i + 1}`}
            placeholder="name"
            value={name}
            aria-invalid={problem && name === '' ? true : undefined}
            onChange={(e) => change(i, [e.target.value, value])}
          />
          <input
            type="text"
            aria-label={`User property value ${i + 1}`}
            placeholder="value"
            value={value}
            onChange={(e) => change(i, [name, e.target.value])}
          />
          <button
            type="button"
            className="compact ghost"
            aria-label={`Remove user property ${i + 1}`}
            title="Remove"
            onClick={() => update(pairs.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="compact" onClick={() => update([...pairs, ['', '']])}>
        Add user property
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  )
}
