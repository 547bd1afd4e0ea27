import { useEffect, useState } from 'react'
import { Field } from '@/components/field.tsx'
import { useDebouncedCallback } from '@/components/use-debounced-callback.ts'
import { typedPayloadProblem, type PublishDraft } from '@/model/publish-draft.ts'
import { formatJson, type PayloadMode } from '@/model/publish-payload.ts'
import { useAppStore } from '@/store/app-store.ts'
import { MessageTypeSelect } from './message-type-select.tsx'
import { PayloadFile } from './payload-file.tsx'

const MODES: ReadonlyArray<{ mode: PayloadMode; label: string }> = [
  { mode: 'text', label: 'Text' },
  { mode: 'json', label: 'JSON' },
  { mode: 'hex', label: 'Hex' },
  { mode: 'base64', label: 'Base64' },
  { mode: 'file', label: 'File' },
  { mode: 'cbor', label: 'CBOR' },
  { mode: 'msgpack', label: 'MessagePack' },
  { mode: 'sparkplug', label: 'Sparkplug B' },
  { mode: 'protobuf', label: 'Protobuf' },
]

const PLACEHOLDER: Record<PayloadMode, string> = {
  text: 'Text; templates like {{counter}} or {{random 0 100}} are expanded per send',
  json: '{"temp": {{random 18 24}}}',
  hex: '00 ff 10 80',
  base64: 'AP8QgA==',
  file: '',
  cbor: '{"temp": 21.5, "ok": true} (JSON, sent as CBOR)',
  msgpack: '{"temp": 21.5, "ok": true} (JSON, sent as MessagePack)',
  sparkplug: '{"metrics": [{"name": "Temperature", "datatype": "Double", "value": 21.5}]} (seq and timestamp are filled in)',
  protobuf: '{"temperature": 21.5, "count": "9007199254740993"} (JSON, sent as the message type; 64-bit integers may be strings)',
}

/** A pause in typing this long, then the payload is checked (JSON, hex, Base64, templates). */
const CHECK_AFTER_MS = 400

/**
 * The typed payload's problem, checked a moment after the typing stops (not only on Publish); the
 * last answer stays until the next one, so the message does not flicker while typing.
 */
function useTypedPayloadProblem(mode: PayloadMode, payload: string): string | undefined {
  const [problem, setProblem] = useState<string | undefined>()
  const check = useDebouncedCallback((draft: PublishDraft) => setProblem(typedPayloadProblem(draft)), CHECK_AFTER_MS)
  useEffect(() => check(useAppStore.getState().publishDraft), [mode, payload, check])
  return problem
}

/** The payload: its format, and the text to send (or a file's bytes, kept as they are). */
export function PayloadEditor() {
  const mode = useAppStore((s) => s.publishDraft.mode)
  const payload = useAppStore((s) => s.publishDraft.payload)
  const problem = useAppStore((s) => s.publishProblems.payload)
  const draftNote = useAppStore((s) => s.draftNote)
  const { setPublishDraft, setPayloadMode } = useAppStore.getState()
  const [formatError, setFormatError] = useState<string | undefined>()
  // Why switching the format kept the typed text as it was (it is not valid in the old format, or not text).
  const [modeNote, setModeNote] = useState<string | undefined>()
  const typingProblem = useTypedPayloadProblem(mode, payload)

  const format = () => {
    const result = formatJson(payload)
    if ('error' in result) setFormatError(result.error)
    else {
      setFormatError(undefined)
      setPublishDraft({ payload: result.text })
    }
  }

  return (
    <div className="payload-editor">
      <div className="payload-format">
        <Field label="Payload format">
          {(control) => (
            <select
              {...control}
              value={mode}
              onChange={(e) => {
                setFormatError(undefined)
                setModeNote(setPayloadMode(e.target.value as PayloadMode))
              }}
            >
              {MODES.map((m) => (
                <option key={m.mode} value={m.mode}>
                  {m.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {mode !== 'text' && mode !== 'hex' && mode !== 'base64' && mode !== 'file' && (
          <button type="button" className="compact" onClick={format}>
            Format JSON
          </button>
        )}
      </div>
      {mode === 'protobuf' && <MessageTypeSelect />}
      {mode === 'file' ? (
        <PayloadFile problem={problem} />
      ) : (
        <Field label="Payload" error={problem ?? formatError ?? typingProblem} hint={modeNote} className="payload-field">
          {(control) => (
            <textarea
              {...control}
              className="payload-input mono"
              spellCheck={false}
              rows={5}
              placeholder={PLACEHOLDER[mode]}
              value={payload}
              onChange={(e) => {
                setFormatError(undefined)
                setModeNote(undefined)
                setPublishDraft({ payload: e.target.value })
              }}
            />
          )}
        </Field>
      )}
      {draftNote && <p className="field-hint draft-note">{draftNote}</p>}
    </div>
  )
}
