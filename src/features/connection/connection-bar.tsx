import './connection.css'
import { useId, useState } from 'react'
import { CopyButton } from '@/components/copy-button.tsx'
import { GearIcon } from '@/components/icons.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { isLive } from '@/store/connection-slice.ts'
import { shareUrlOf } from '@/store/share-link-store.ts'
import { AccessTokenDialog } from './access-token-dialog.tsx'
import { ConnectionStatus } from './connection-status.tsx'
import { ProfileDialog } from './profile-dialog.tsx'
import { ShareLinkDialog } from './share-link-dialog.tsx'

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
      <CopyButton text={link} label="Copy link" />
      <ConnectionStatus />
      {problem && !editing && (
        <span className="inline-error" role="alert">
          {problem}
        </span>
      )}
      <ProfileDialog open={editing} onClose={() => setEditing(false)} />
      <AccessTokenDialog />
      <ShareLinkDialog />
    </div>
  )
}
