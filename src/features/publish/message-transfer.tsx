import { useState } from 'react'
import { downloadText } from '@/components/download.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Export the saved messages to mqtt-scope-messages.json and import such a file back. */
export function MessageTransfer() {
  const [importError, setImportError] = useState<string | undefined>()
  const [notice, setNotice] = useState('')

  const onImport = async (file: File | undefined) => {
    if (!file) return
    const error = useAppStore.getState().importSavedMessages(await file.text())
    setImportError(error)
    setNotice(error ? '' : `Imported ${file.name}`)
  }

  return (
    <div className="message-transfer">
      <button type="button" className="compact" onClick={() => downloadText('mqtt-scope-messages.json', useAppStore.getState().exportSavedMessages())}>
        Export messages
      </button>
      <label className="button compact file-button">
        Import messages
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
