import { useId, useMemo, useState } from 'react'
import { ModalDialog } from '@/components/modal-dialog.tsx'
import { newProfile } from '@/model/connection-profile.ts'
import { profileNameFor } from '@/model/share-link.ts'
import { cancelShareLink, confirmShareLink, connectShareLinkWith, useShareLinkStore } from '@/store/share-link-store.ts'
import { ProfileDialog } from './profile-dialog.tsx'

/**
 * A link to a broker this browser has no profile for: "Connect to ws://…?" before anything
 * connects. Connect saves it as a profile named after its host; "Create profile" opens the profile
 * editor filled in with it (for a user name, TLS, ...), whose "Save and connect" opens the link;
 * Cancel leaves the page disconnected.
 */
export function ShareLinkDialog() {
  const confirm = useShareLinkStore((s) => s.confirm)
  const [creating, setCreating] = useState(false)
  const textId = useId()
  const url = confirm?.url ?? ''
  const initial = useMemo(() => newProfile({ name: profileNameFor(url), url }), [url])
  return (
    <>
      <ModalDialog open={confirm !== undefined && !creating} onClose={cancelShareLink} label={`Connect to ${url}?`} role="alertdialog" describedBy={textId}>
        <div className="modal-body">
          <h2>Connect to {url}?</h2>
          <p id={textId} className="field-hint">
            A link opens this broker, which none of your connection profiles uses. Nothing is sent to it until you connect. Connect saves it as the profile “
            {profileNameFor(url)}”; Create profile lets you add a user name, password or TLS settings first.
          </p>
        </div>
        <div className="modal-actions">
          <button type="button" onClick={() => setCreating(true)}>
            Create profile
          </button>
          <button type="button" onClick={cancelShareLink}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={confirmShareLink}>
            Connect
          </button>
        </div>
      </ModalDialog>
      {confirm && creating && (
        <ProfileDialog
          open
          initial={initial}
          connectWith={connectShareLinkWith}
          // Closed without connecting: back to the question.
          onClose={() => setCreating(false)}
        />
      )}
    </>
  )
}
