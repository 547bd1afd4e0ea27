import { useEffect, useId, useState, type FormEvent } from 'react'
import { Field } from '@/components/field.tsx'
import { FormDialogActions, ModalDialog } from '@/components/modal-dialog.tsx'
import { useAppStore } from '@/store/app-store.ts'

/** Names the message in the editor and keeps it in "Saved messages" (same name: replaced). */
export function SaveMessageDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | undefined>()
  const formId = useId()
  const topic = useAppStore((s) => s.publishDraft.topic)
  useEffect(() => {
    if (!open) return
    setName('')
    setError(undefined)
  }, [open])

  const save = (event: FormEvent) => {
    event.preventDefault()
    const problem = useAppStore.getState().saveMessage(name)
    setError(problem)
    if (!problem) onClose()
  }

  return (
    <ModalDialog open={open} onClose={onClose} label="Save message">
      <form id={formId} className="modal-body" noValidate onSubmit={save}>
        <h2>Save message</h2>
        <p className="field-hint">Keeps the topic, payload, QoS, retain and MQTT 5 properties in this browser.</p>
        <Field label="Message name" error={error}>
          {(control) => (
            <input {...control} type="text" autoFocus placeholder={topic || 'Kitchen lamp on'} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
      </form>
      <FormDialogActions formId={formId} onCancel={onClose} />
    </ModalDialog>
  )
}
