import { useEffect, useRef, useState, type FormEvent } from 'react'
import { CloseIcon } from '@/components/icons.tsx'
import { EMBEDDED_PROFILE_ID, newProfile, type ConnectionProfile } from '@/model/connection-profile.ts'
import { useAppStore } from '@/store/app-store.ts'
import { ProfileForm } from './profile-form.tsx'
import { ProfileTransfer } from './profile-transfer.tsx'

interface ProfileDialogProps {
  readonly open: boolean
  readonly onClose: () => void
  /** The profile the editor opens on (default: the active one), e.g. a new one filled in from a link. */
  readonly initial?: ConnectionProfile
  /** What "Save and connect" does with the saved profile (default: choose it and connect). */
  readonly connectWith?: (id: string) => Record<string, string> | undefined
}

const blankProfile = (): ConnectionProfile => newProfile({ name: '', url: '' })

/** Create, edit and delete connection profiles; a modal <dialog> (Escape closes it). */
export function ProfileDialog({ open, onClose, initial, connectWith }: ProfileDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const profiles = useAppStore((s) => s.profiles)
  const activeProfileId = useAppStore((s) => s.activeProfileId)
  const { saveProfile, deleteProfile, selectProfile, connect } = useAppStore.getState()
  const [draft, setDraft] = useState<ConnectionProfile>(blankProfile)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [notice, setNotice] = useState('')

  const edit = (profile: ConnectionProfile) => {
    setDraft(profile)
    setErrors({})
    setNotice('')
  }

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) {
      const { profiles: all, activeProfileId: active } = useAppStore.getState()
      edit(initial ?? all.find((p) => p.id === active) ?? blankProfile())
      element.showModal()
    } else if (!open && element.open) element.close()
  }, [open, initial])

  const saved = profiles.some((p) => p.id === draft.id)
  const save = (): boolean => {
    const problems = saveProfile(draft)
    setErrors(problems ?? {})
    setNotice(problems ? '' : `Saved "${draft.name}"`)
    return !problems
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    save()
  }
  const saveAndConnect = () => {
    if (!save()) return
    let problems: Record<string, string> | undefined
    if (connectWith) problems = connectWith(draft.id)
    else {
      selectProfile(draft.id)
      problems = connect(draft.id)
    }
    if (problems) setErrors(problems)
    else onClose()
  }
  const remove = () => {
    deleteProfile(draft.id)
    edit(useAppStore.getState().profiles.find((p) => p.id === EMBEDDED_PROFILE_ID) ?? blankProfile())
  }
  const known = new Set([
    'name',
    'url',
    'clientId',
    'protocolVersion',
    'username',
    'password',
    'keepalive',
    'sessionExpiry',
    'willTopic',
    'tlsCa',
    'tlsCert',
    'tlsKey',
    'tlsServername',
  ])
  const otherProblems = Object.entries(errors).filter(([key]) => !known.has(key))

  return (
    <dialog ref={dialog} className="profile-dialog" aria-label="Connection profile" onClose={onClose}>
      <header className="dialog-header">
        <h2>Connection profiles</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div className="profile-editor">
        <nav className="profile-list" aria-label="Profiles">
          <ul>
            {profiles.map((p) => (
              <li key={p.id}>
                <button type="button" aria-current={p.id === draft.id ? 'true' : undefined} onClick={() => edit(p)} title={p.url}>
                  <span className="profile-name">{p.name}</span>
                  {p.id === activeProfileId && <span className="badge">active</span>}
                </button>
              </li>
            ))}
            {!saved && (
              <li>
                <span className="profile-item is-draft" aria-current="true">
                  <span className="profile-name">{draft.name || 'Unsaved profile'}</span>
                </span>
              </li>
            )}
          </ul>
          <button type="button" className="new-profile" onClick={() => edit(blankProfile())}>
            New profile
          </button>
        </nav>
        <form id="profile-form" className="profile-form" noValidate onSubmit={onSubmit}>
          {draft.id === EMBEDDED_PROFILE_ID && <p className="field-hint">The embedded broker of this server. Changes last until the page is reloaded.</p>}
          <ProfileForm draft={draft} errors={errors} onChange={setDraft} />
          {otherProblems.map(([key, text]) => (
            <p key={key} className="inline-error" role="alert">
              {text}
            </p>
          ))}
        </form>
      </div>
      <footer className="dialog-footer">
        <ProfileTransfer />
        <div className="dialog-actions">
          <span className="notice" aria-live="polite">
            {notice}
          </span>
          <button type="button" className="danger" disabled={!saved || draft.id === EMBEDDED_PROFILE_ID} onClick={remove}>
            Delete profile
          </button>
          <button type="submit" form="profile-form">
            Save
          </button>
          <button type="button" className="primary" onClick={saveAndConnect}>
            Save and connect
          </button>
        </div>
      </footer>
    </dialog>
  )
}
