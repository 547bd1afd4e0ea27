import { useState, type ReactNode } from 'react'
import { downloadText } from './download.ts'

interface FileTransferProps {
  /** What is exported and imported, for the buttons: "profiles" -> "Export profiles", "Import profiles". */
  readonly noun: string
  /** The downloaded file's name. */
  readonly fileName: string
  /** The file's text, made when Export is pressed. */
  readonly exportText: () => string
  /** Imports a chosen file's text; the problem to show, or undefined when it was imported. */
  readonly importText: (text: string) => string | undefined
  readonly className: string
  /** Smaller buttons (inside a panel rather than a dialog footer). */
  readonly compact?: boolean
  /** Options shown after the Export button (e.g. what to include). */
  readonly children?: ReactNode
}

/**
 * Export to a JSON file and import such a file back: the Export button, the Import button (a file
 * input), "Imported <file>" on success and the problem, as an alert, when the file is refused.
 */
export function FileTransfer({ noun, fileName, exportText, importText, className, compact = false, children }: FileTransferProps) {
  const [importError, setImportError] = useState<string | undefined>()
  const [notice, setNotice] = useState('')

  const onImport = async (file: File | undefined) => {
    if (!file) return
    const error = importText(await file.text())
    setImportError(error)
    setNotice(error ? '' : `Imported ${file.name}`)
  }

  return (
    <div className={className}>
      <button type="button" className={compact ? 'compact' : undefined} onClick={() => downloadText(fileName, exportText())}>
        {`Export ${noun}`}
      </button>
      {children}
      <label className={`button${compact ? ' compact' : ''} file-button`}>
        {`Import ${noun}`}
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
