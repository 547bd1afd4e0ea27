import { useEffect, useRef, type ReactNode, type SyntheticEvent } from 'react'

interface ModalDialogProps {
  readonly open: boolean
  /** Escape or a close button; not called while `locked`. */
  readonly onClose: () => void
  /** The dialog's accessible name. */
  readonly label: string
  /** 'alertdialog' for a confirmation of something that cannot be undone. */
  readonly role?: 'dialog' | 'alertdialog'
  /** The id of the text that says what the dialog is about (aria-describedby). */
  readonly describedBy?: string
  /** Escape does nothing (e.g. while work it started is still running). */
  readonly locked?: boolean
  readonly className?: string
  readonly children: ReactNode
}

/** A modal <dialog> (focus trapped by the browser, Escape closes) opened and closed by `open`. */
export function ModalDialog({ open, onClose, label, role = 'dialog', describedBy, locked, className, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    if (open && !element.open) element.showModal()
    else if (!open && element.open) element.close()
  }, [open])
  const onCancel = (event: SyntheticEvent) => {
    event.preventDefault()
    if (!locked) onClose()
  }
  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-label={label}
      aria-describedby={describedBy}
      onCancel={onCancel}
    >
      {open && children}
    </dialog>
  )
}

interface FormDialogActionsProps {
  /** The id of the dialog's <form>: the submit button sits outside it, in the footer. */
  readonly formId: string
  readonly onCancel: () => void
  /** "Save" unless told. */
  readonly submitLabel?: string
  readonly submitDisabled?: boolean
  /** Buttons before Cancel (e.g. "Defaults"). */
  readonly children?: ReactNode
}

/** The footer of a dialog that edits a form: any extra buttons, Cancel, and the form's primary submit button. */
export function FormDialogActions({ formId, onCancel, submitLabel = 'Save', submitDisabled, children }: FormDialogActionsProps) {
  return (
    <div className="modal-actions">
      {children}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" form={formId} className="primary" disabled={submitDisabled}>
        {submitLabel}
      </button>
    </div>
  )
}
