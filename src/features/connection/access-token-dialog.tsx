import { useEffect, useId, useState, type FormEvent } from 'react'
import { Field } from '@/components/field.tsx'
import { FormDialogActions, ModalDialog } from '@/components/modal-dialog.tsx'
import { useAppStore } from '@/store/app-store.ts'

/**
 * Asks once for the access token this server's bridge needs (mqtt:// and mqtts:// brokers). The
 * server checks it before the dialog closes; it is kept for this browser session only.
 */
export function AccessTokenDialog() {
  const prompt = useAppStore((s) => s.tokenPrompt)
  const [token, setToken] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [checking, setChecking] = useState(false)
  const formId = useId()
  const textId = useId()
  const open = prompt !== undefined

  useEffect(() => {
    if (!open) return
    setToken('')
    setChecking(false)
    setError(prompt.error)
  }, [open, prompt])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setChecking(true)
    const problem = await useAppStore.getState().submitToken(token)
    setChecking(false)
    setError(problem)
  }
  const close = () => useAppStore.getState().closeTokenPrompt()

  return (
    <ModalDialog open={open} onClose={close} label="Access token" describedBy={textId}>
      <form id={formId} className="modal-body" noValidate onSubmit={(e) => void submit(e)}>
        <h2>Access token</h2>
        <p id={textId} className="field-hint">
          This server needs an access token for its bridge (mqtt:// and mqtts:// brokers) and its recordings. Ask whoever runs the server (it is set with
          --auth-token). It is kept for this browser session only.
        </p>
        <Field label="Access token" error={error}>
          {(control) => (
            <input {...control} type="password" autoFocus autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} />
          )}
        </Field>
      </form>
      <FormDialogActions formId={formId} onCancel={close} submitLabel="Use token" submitDisabled={checking} />
    </ModalDialog>
  )
}
