import { Field } from '@/components/field.tsx'

interface PemFieldProps {
  readonly label: string
  readonly value: string
  readonly error: string | undefined
  readonly hint?: string
  readonly placeholder: string
  readonly onChange: (text: string) => void
}

/** Files bigger than this are not PEM certificates or keys (a whole CA bundle is ~220 KB). */
const MAX_FILE_BYTES = 1024 * 1024

/** A PEM text (certificate or key): pasted into the textarea, or read from a file. */
export function PemField({ label, value, error, hint, placeholder, onChange }: PemFieldProps) {
  const load = async (file: File | undefined) => {
    if (!file) return
    // Too big to be PEM: put a note in the field rather than megabytes of text (validation explains).
    onChange(file.size > MAX_FILE_BYTES ? `(${file.name} is ${Math.round(file.size / 1024)} KiB: not a PEM file)` : await file.text())
  }
  return (
    <Field label={label} error={error} hint={hint} className="span-2 pem-field">
      {(control) => (
        <div className="pem-input">
          <textarea
            {...control}
            className="mono"
            rows={3}
            value={value}
            placeholder={placeholder}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onChange(e.target.value)}
          />
          <div className="pem-actions">
            <label className="button compact file-button">
              Load file…
              <input
                type="file"
                aria-label={`Load ${label.toLowerCase()} file`}
                accept=".pem,.crt,.cer,.key,text/plain,application/x-pem-file"
                className="visually-hidden"
                onChange={(e) => {
                  void load(e.target.files?.[0])
                  e.target.value = ''
                }}
              />
            </label>
            {value !== '' && (
              <button type="button" className="compact ghost" aria-label={`Clear ${label.toLowerCase()}`} onClick={() => onChange('')}>
                Clear
              </button>
            )}
          </div>
        </div>
      )}
    </Field>
  )
}
