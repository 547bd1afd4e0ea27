import './connection.css'
import { lazy, Suspense, useId, useState } from 'react'
import { CopyButton } from '@/components/copy-button.tsx'
import { GearIcon } from '@/components/icons.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { isLive } from '@/store/connection-slice.ts'
import { shareUrlOf } from '@/store/share-link-store.ts'
import { AccessTokenDialog } from './access-token-dialog.tsx'
import { ConnectionStatus } from './connection-status.tsx'
import { useShareLinkStore } from '@/store/share-link-store.ts'

// The profile editor comes with its first opening, not with the page (issue 18: first load); so
// does a link's confirmation, which contains the editor ("Create profile").
const ProfileDialog = lazy(() => import('./profile-dialog.tsx').then((m) => ({ default: m.ProfileDialog })))
const ShareLinkDialog = lazy(() => import('./share-link-dialog.tsx').then((m) => ({ default: m.ShareLinkDialog })))

/** Profile picker, connect/disconnect, "Copy link", the connection state, the profile editor and a link's confirmation. */
export function ConnectionBar() {
  const profiles = useAppStore((s) => s.profiles)
  const activeProfileId = useAppStore((s) => s.activeProfileId)
  // Connect or Disconnect, from the same state the status and the tree show.
  const live = useAppStore((s) => isLive(s.connection))
  // The link of what is on screen (no secret in it): profile, subscriptions, topic, view.
  const link = useAppStore(shareUrlOf)
  const { selectProfile, connect, disconnect } = useAppStore.getState()
  const [editing, setEditing] = useState(false)
  // Once loaded, the editor stays mounted: its <dialog> closes itself and gives the focus back.
  const [edited, setEdited] = useState(false)
  if (editing && !edited) setEdited(true)
  const [problem, setProblem] = useState<string | undefined>()
  const selectId = useId()
  // A link's confirmation loads when a link first asks, and stays mounted after (like the editor).
  const linkAsks = useShareLinkStore((s) => s.confirm !== undefined)
  const [linkAsked, setLinkAsked] = useState(false)
  if (linkAsks && !linkAsked) setLinkAsked(true)

  const onConnect = () => {
    const problems = connect()
    setProblem(problems ? Object.values(problems).join('; ') : undefined)
    if (problems) setEditing(true)
  }

  return (
    <div className="connection-bar">
      <div className="profile-picker">
        <label htmlFor={selectId} className="bar-label">
          Profile
        </label>
        <select
          id={selectId}
          value={activeProfileId}
          onChange={(e) => {
            const problems = selectProfile(e.target.value)
            setProblem(problems ? Object.values(problems).join('; ') : undefined)
          }}
          title="Choosing another profile while connected connects to it"
        >
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className={live ? '' : 'primary'} onClick={live ? () => disconnect() : onConnect}>
        {live ? 'Disconnect' : 'Connect'}
      </button>
      <button type="button" className="icon-button" aria-label="Connection settings" title="Connection settings" onClick={() => setEditing(true)}>
        <GearIcon />
      </button>
      <CopyButton text={link} label="Copy link" />
      <ConnectionStatus />
      {problem && !editing && (
        <span className="inline-error" role="alert">
          {problem}
        </span>
      )}
      {edited && (
        <Suspense fallback={null}>
          <ProfileDialog open={editing} onClose={() => setEditing(false)} />
        </Suspense>
      )}
      <AccessTokenDialog />
      {linkAsked && (
        <Suspense fallback={null}>
          <ShareLinkDialog />
        </Suspense>
      )}
    </div>
  )
}
