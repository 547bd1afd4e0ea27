import { useState } from 'react'
import { Checkbox } from '@/components/field.tsx'
import { FileTransfer } from '@/components/file-transfer.tsx'
import { useAppStore } from '@/store/app-store.ts'

/** Export profiles to a JSON file (passwords and TLS client keys only when asked for) and import them back. */
export function ProfileTransfer() {
  const exportProfiles = useAppStore((s) => s.exportProfiles)
  const importProfiles = useAppStore((s) => s.importProfiles)
  const [withPasswords, setWithPasswords] = useState(false)
  return (
    <FileTransfer
      className="profile-transfer"
      noun="profiles"
      fileName="mqtt-scope-profiles.json"
      exportText={() => exportProfiles(withPasswords)}
      importText={importProfiles}
    >
      <Checkbox label="Include passwords and keys" checked={withPasswords} onChange={setWithPasswords} />
    </FileTransfer>
  )
}
