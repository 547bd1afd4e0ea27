import { useId, useState } from 'react'
import { Field } from '@/components/field.tsx'
import { RULE_FORMAT_LABELS, type RuleFormat } from '@/model/decode-rules.ts'
import { validateFilter } from '@/model/topic-rules.ts'
import { useAppStore } from '@/store/app-store.ts'

const FORMATS = Object.keys(RULE_FORMAT_LABELS) as RuleFormat[]

/** A new rule: topic filter (checked as typed, per the MQTT spec), decoder, and for Protobuf the message type. */
export function RuleForm() {
  const status = useAppStore((s) => s.decodersStatus)
  const types = status?.messageTypes ?? []
  const addRule = useAppStore((s) => s.addRule)
  const [filter, setFilter] = useState('')
  const [format, setFormat] = useState<RuleFormat>('protobuf')
  const [messageType, setMessageType] = useState('')
  const [errors, setErrors] = useState<{ filter?: string; messageType?: string }>({})
  const listId = useId()
  const typed = filter === '' ? undefined : validateFilter(filter)
  const add = () => {
    const problems = addRule({ filter, format, messageType })
    setErrors(problems ?? {})
    if (!problems) {
      setFilter('')
      setMessageType('')
    }
  }
  return (
    <form
      className="rule-form"
      aria-label="Add a rule"
      onSubmit={(e) => {
        e.preventDefault()
        add()
      }}
    >
      <Field label="Rule topic filter" error={errors.filter ?? typed}>
        {(control) => <input {...control} value={filter} placeholder="sensors/+/pb" spellCheck={false} onChange={(e) => setFilter(e.target.value)} />}
      </Field>
      <Field label="Decoder">
        {(control) => (
          <select {...control} value={format} onChange={(e) => setFormat(e.target.value as RuleFormat)}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {RULE_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {format === 'protobuf' && (
        <Field label="Message type" error={errors.messageType}>
          {(control) => (
            <>
              <input
                {...control}
                list={listId}
                value={messageType}
                placeholder="package.Message"
                spellCheck={false}
                onChange={(e) => setMessageType(e.target.value)}
              />
              <datalist id={listId}>
                {types.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      )}
      <button type="submit" className="compact">
        Add rule
      </button>
    </form>
  )
}
