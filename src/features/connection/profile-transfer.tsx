import { useState } from 'react'
import { downloadText } from '@/components/download.ts'
import { Checkbox } from '@/components/field.tsx'
import { useAppStore } from '@/store/app-store.ts'

/** Export profiles to a JSON file (passwords and TLS client keys only when asked for) and import them back. */
export function ProfileTransfer() {
  const exportProfiles = useAppStore((s) => s.exportProfiles)
  const importProfiles = useAppStore((s) => s.importProfiles)
  const [withPasswords, setWithPasswords] = useState(false)
  const [importError, setImportError] = useState<string | undefined>()
  const [notice, setNotice] = useState('')

  const onImport = async (file: File | undefined) => {
    if (!file) return
    const error = importProfiles(await file.text())
    setImportError(error)
    setNotice(error ? '' : `Imported ${file.name}`)
  }

  return (
    <div className="profile-transfer">
      <button type="button" onClick={() => downloadText('mqtt-scope-profiles.json', exportProfiles(withPasswords))}>
        Export profiles
      </button>
      <Checkbox label="Include passwords and keys" checked={withPasswords} onChange={setWithPasswords} />
      <label className="button file-button">
        Import profiles
        <input
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          onChange={(e) => {
            void onImport(e.target.files?.[0])
            e.target.value = ''
          }}
        />
      </label>
      <span className="notice" aria-live="polite">
        {notice}
      </span>
      {importError && (
        <p className="inline-error" role="alert">
          {importError}
        </p>
      )}
    </div>
  )
}
