import { useEffect, useRef } from 'react'
import { Checkbox, Field } from '@/components/field.tsx'
import type { PublishProperties } from '@/model/publish-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { UserProperties } from './user-properties.tsx'

/** Sets one property; an empty value removes it (nothing is sent for it). */
function setProperty<K extends keyof PublishProperties>(key: K, value: PublishProperties[K] | undefined): void {
  const { properties } = useAppStore.getState().publishDraft
  const { [key]: _, ...rest } = properties
  const empty = value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))
  useAppStore.getState().setPublishDraft({ properties: empty ? rest : { ...rest, [key]: value } })
}

const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text))

/** Whether the page would publish with MQTT 5: the connection's version, or the profile's before connecting. */
function useIsV5(): boolean {
  return useAppStore((s) => {
    const version = s.connection.protocolVersion ?? s.profiles.find((p) => p.id === s.activeProfileId)?.protocolVersion
    return version === 5
  })
}

/** The MQTT 5 PUBLISH properties; shown on 3.1.1 too, disabled, saying why. */
export function PropertiesDetails() {
  const v5 = useIsV5()
  const properties = useAppStore((s) => s.publishDraft.properties)
  const problems = useAppStore((s) => s.publishProblems)
  const details = useRef<HTMLDetailsElement>(null)
  const problem = problems.properties ?? problems.userProperties ?? problems.topicAlias
  // A problem inside must be seen: open the disclosure when one appears.
  useEffect(() => {
    if (problem && details.current) details.current.open = true
  }, [problem])
  const count = Object.keys(properties).filter((k) => k !== 'userProperties').length + (properties.userProperties?.length ?? 0)
  return (
    <details ref={details} className="properties-details">
      <summary>
        <span>MQTT 5 properties</span>
        {count > 0 && <span className="badge">{count} set</span>}
      </summary>
      {!v5 && <p className="field-hint">MQTT 5 only: this connection is 3.1.1</p>}
      {problems.properties && (
        <p className="field-error" role="alert">
          {problems.properties}
        </p>
      )}
      <fieldset className="properties-fields" disabled={!v5}>
        <Field label="Content type">
          {(control) => (
            <input
              {...control}
              type="text"
              placeholder="application/json"
              value={properties.contentType ?? ''}
              onChange={(e) => setProperty('contentType', e.target.value)}
            />
          )}
        </Field>
        <div className="utf8-field">
          <Checkbox
            label="Payload is UTF-8"
            checked={properties.payloadFormatIndicator ?? false}
            onChange={(on) => setProperty('payloadFormatIndicator', on || undefined)}
          />
        </div>
        <Field label="Message expiry (s)">
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              step={1}
              value={properties.messageExpiryInterval ?? ''}
              onChange={(e) => setProperty('messageExpiryInterval', numberOrUndefined(e.target.value))}
            />
          )}
        </Field>
        <Field label="Topic alias" error={problems.topicAlias}>
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              step={1}
              value={properties.topicAlias ?? ''}
              onChange={(e) => setProperty('topicAlias', numberOrUndefined(e.target.value))}
            />
          )}
        </Field>
        <Field label="Response topic">
          {(control) => (
            <input {...control} type="text" value={properties.responseTopic ?? ''} onChange={(e) => setProperty('responseTopic', e.target.value)} />
          )}
        </Field>
        <Field label="Correlation data">
          {(control) => (
            <input {...control} type="text" value={properties.correlationData ?? ''} onChange={(e) => setProperty('correlationData', e.target.value)} />
          )}
        </Field>
        <UserProperties disabled={!v5} />
      </fieldset>
    </details>
  )
}
