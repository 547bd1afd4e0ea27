import './connection.css'
import { lazy, Suspense, useId, useState } from 'react'
import { GearIcon } from '@/components/icons.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { isLive } from '@/store/connection-slice.ts'
import { AccessTokenDialog } from './access-token-dialog.tsx'
import { ConnectionStatus } from './connection-status.tsx'

// The profile editor comes with its first opening, not with the page (issue 18: first load).
const ProfileDialog = lazy(() => import('./profile-dialog.tsx').then((m) => ({ default: m.ProfileDialog })))

/** Profile picker, connect/disconnect, the connection state and the profile editor. */
export function ConnectionBar() {
  const profiles = useAppStore((s) => s.profiles)
  const activeProfileId = useAppStore((s) => s.activeProfileId)
  // Connect or Disconnect, from the same state the status and the tree show.
  const live = useAppStore((s) => isLive(s.connection))
  const { selectProfile, connect, disconnect } = useAppStore.getState()
  const [editing, setEditing] = useState(false)
  // Once loaded, the editor stays mounted: its <dialog> closes itself and gives the focus back.
  const [edited, setEdited] = useState(false)
  if (editing && !edited) setEdited(true)
  const [problem, setProblem] = useState<string | undefined>()
  const selectId = useId()

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
    </div>
  )
}
