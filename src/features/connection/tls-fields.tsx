import { Checkbox, Field } from '@/components/field.tsx'
import type { TlsOptions } from '@/model/tls-options.ts'
import { PemField } from './pem-field.tsx'

interface TlsFieldsProps {
  readonly tls: TlsOptions
  readonly errors: Readonly<Record<string, string>>
  readonly onChange: (tls: TlsOptions) => void
}

/** The TLS settings of an mqtts:// or relayed wss:// profile: sent to the server's bridge or relay with each connection. */
export function TlsFields({ tls, errors, onChange }: TlsFieldsProps) {
  const set = (fields: Partial<TlsOptions>) => onChange({ ...tls, ...fields })
  return (
    <fieldset className="span-2 tls-fields">
      <legend>TLS</legend>
      <div className="span-2 check-row">
        <Checkbox
          label="Verify certificate"
          checked={tls.verify}
          onChange={(verify) => set({ verify })}
          title="Check that the broker's certificate chains to a trusted CA and carries its name (turn off only for a test broker)"
        />
      </div>
      {!tls.verify && (
        <p className="span-2 field-hint tls-warning" role="note">
          The broker&apos;s certificate is not checked: anyone between the server and the broker can read and change the traffic.
        </p>
      )}
      <Field label="Server name (SNI)" error={errors.tlsServername} hint="Empty: the host of the URL" className="span-2">
        {(c) => (
          <input
            {...c}
            type="text"
            className="mono"
            value={tls.servername}
            placeholder="broker.example.com"
            onChange={(e) => set({ servername: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <PemField
        label="CA certificate"
        value={tls.ca}
        error={errors.tlsCa}
        hint="Empty: the server's trusted CAs"
        placeholder="-----BEGIN CERTIFICATE-----"
        onChange={(ca) => set({ ca })}
      />
      <PemField
        label="Client certificate"
        value={tls.cert}
        error={errors.tlsCert}
        hint="For brokers that ask for one (mTLS)"
        placeholder="-----BEGIN CERTIFICATE-----"
        onChange={(cert) => set({ cert })}
      />
      <PemField
        label="Client key"
        value={tls.key}
        error={errors.tlsKey}
        hint="Without a passphrase; a secret, kept like the password"
        placeholder="-----BEGIN PRIVATE KEY-----"
        onChange={(key) => set({ key })}
      />
    </fieldset>
  )
}
