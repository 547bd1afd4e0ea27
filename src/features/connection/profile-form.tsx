import { Checkbox, Field } from '@/components/field.tsx'
import { describeBridgePolicy, describeRelay, policyAllowsRelay } from '@/model/bridge-policy.ts'
import { parseBrokerUrl } from '@/model/broker-url.ts'
import { isEmbeddedBroker, type ConnectionProfile } from '@/model/connection-profile.ts'
import type { QoS } from '@/model/connection-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { TlsFields } from './tls-fields.tsx'

interface ProfileFormProps {
  readonly draft: ConnectionProfile
  readonly errors: Readonly<Record<string, string>>
  readonly onChange: (draft: ConnectionProfile) => void
}

const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))
const numberValue = (n: number): string | number => (Number.isNaN(n) ? '' : n)

/** The fields of one connection profile; each problem from saveProfile shows beside its field. */
export function ProfileForm({ draft, errors, onChange }: ProfileFormProps) {
  const set = (fields: Partial<ConnectionProfile>) => onChange({ ...draft, ...fields })
  const setWill = (fields: Partial<ConnectionProfile['will']>) => onChange({ ...draft, will: { ...draft.will, ...fields } })
  const v5 = draft.protocolVersion === 5
  // This server's own broker (aedes 1.2) answers an MQTT 5 CONNECT with "unacceptable protocol version".
  const embedded = isEmbeddedBroker(draft, globalThis.location ?? { protocol: 'http:', host: '127.0.0.1:8080' })
  const policy = useAppStore((s) => s.bridgePolicy)
  const parsed = parseBrokerUrl(draft.url)
  const scheme = 'error' in parsed ? undefined : parsed.scheme
  // The server speaks TLS to mqtts:// brokers and to wss:// ones it relays to (validateProfile checks the same).
  const serverTls = scheme === 'mqtts' || (scheme === 'wss' && !embedded && draft.relay)
  const urlHint =
    scheme === 'mqtt' || scheme === 'mqtts'
      ? describeBridgePolicy(policy)
      : (scheme === 'ws' || scheme === 'wss') && !embedded && draft.relay && policyAllowsRelay(policy)
        ? describeRelay(policy, true)
        : scheme === 'wss'
          ? 'Opened by the browser, which checks the certificate itself (TLS settings apply to mqtts:// and relayed wss:// only)'
          : scheme === 'ws' && !embedded
            ? describeRelay(policy, draft.relay)
            : "mqtt://, mqtts:// (through this server's bridge), ws:// or wss:// — for example mqtt://localhost:1883"
  return (
    <div className="profile-fields">
      <Field label="Name" error={errors.name} className="span-2">
        {(c) => <input {...c} type="text" value={draft.name} onChange={(e) => set({ name: e.target.value })} autoComplete="off" />}
      </Field>
      <Field label="Broker URL" error={errors.url} hint={urlHint} className="span-2">
        {(c) => (
          <input
            {...c}
            type="text"
            className="mono"
            value={draft.url}
            placeholder="mqtt://host:1883 or ws://host:port/mqtt"
            onChange={(e) => set({ url: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Client ID" error={errors.clientId}>
        {(c) => (
          <input
            {...c}
            type="text"
            className="mono"
            value={draft.clientId}
            placeholder="random"
            onChange={(e) => set({ clientId: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field
        label="MQTT version"
        error={errors.protocolVersion}
        hint={embedded && v5 ? 'The embedded broker speaks MQTT 3.1 and 3.1.1 only: it refuses an MQTT 5 connection' : undefined}
      >
        {(c) => (
          <select {...c} value={draft.protocolVersion} onChange={(e) => set({ protocolVersion: e.target.value === '5' ? 5 : 4 })}>
            <option value={4}>3.1.1</option>
            <option value={5}>{embedded ? '5 (not supported by the embedded broker)' : '5'}</option>
          </select>
        )}
      </Field>
      <Field label="Username" error={errors.username}>
        {(c) => <input {...c} type="text" value={draft.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" />}
      </Field>
      <Field label="Password" error={errors.password}>
        {(c) => <input {...c} type="password" value={draft.password} onChange={(e) => set({ password: e.target.value })} autoComplete="new-password" />}
      </Field>
      <div className="span-2 check-row">
        <Checkbox
          label={serverTls ? 'Remember password and client key' : 'Remember password'}
          checked={draft.rememberPassword}
          onChange={(rememberPassword) => set({ rememberPassword })}
          title="Keep the password (and the TLS client key) in this browser's storage; otherwise they last until the page is reloaded"
        />
        <Checkbox label="Clean start" checked={draft.clean} onChange={(clean) => set({ clean })} title="Start a new session (clean session in 3.1.1)" />
        {(scheme === 'ws' || scheme === 'wss') && !embedded && (
          <Checkbox label="Relay through the server" checked={draft.relay} onChange={(relay) => set({ relay })} title={describeRelay(policy, draft.relay)} />
        )}
      </div>
      <Field label="Keepalive (s)" error={errors.keepalive}>
        {(c) => (
          <input {...c} type="number" min={0} max={65535} value={numberValue(draft.keepalive)} onChange={(e) => set({ keepalive: toNumber(e.target.value) })} />
        )}
      </Field>
      <Field label="Session expiry (s)" error={errors.sessionExpiry} hint={v5 ? undefined : 'MQTT 5 only'}>
        {(c) => (
          <input
            {...c}
            type="number"
            min={0}
            disabled={!v5}
            value={numberValue(draft.sessionExpiry)}
            onChange={(e) => set({ sessionExpiry: toNumber(e.target.value) })}
          />
        )}
      </Field>
      {serverTls && <TlsFields tls={draft.tls} errors={errors} onChange={(tls) => set({ tls })} />}
      <fieldset className={`span-2 will${draft.will.enabled ? '' : ' is-off'}`}>
        <legend>
          <Checkbox label="Send a last will" checked={draft.will.enabled} onChange={(enabled) => setWill({ enabled })} />
        </legend>
        <Field label="Will topic" error={errors.willTopic}>
          {(c) => (
            <input
              {...c}
              type="text"
              className="mono"
              value={draft.will.topic}
              onChange={(e) => setWill({ topic: e.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Will QoS">
          {(c) => (
            <select {...c} value={draft.will.qos} onChange={(e) => setWill({ qos: Number(e.target.value) as QoS })}>
              <option value={0}>0</option>
              <option value={1}>1</option>
              <option value={2}>2</option>
            </select>
          )}
        </Field>
        <Field label="Will payload" className="span-2">
          {(c) => (
            <input
              {...c}
              type="text"
              className="mono"
              value={draft.will.payload}
              onChange={(e) => setWill({ payload: e.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <div className="span-2 check-row">
          <Checkbox label="Will retain" checked={draft.will.retain} onChange={(retain) => setWill({ retain })} />
        </div>
      </fieldset>
    </div>
  )
}
