import { useState } from 'react'
import { formatBytes } from '@/model/display-window.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The .proto files (added from disk, parsed in the worker): each with Remove; parse errors with their line. */
export function ProtoFiles() {
  const files = useAppStore((s) => s.decoders.protoFiles)
  const status = useAppStore((s) => s.decodersStatus)
  const { addProtoFile, removeProtoFile } = useAppStore.getState()
  const [problem, setProblem] = useState<string | undefined>()
  const add = async (list: FileList | null) => {
    const problems: string[] = []
    for (const file of list ? [...list] : []) {
      const error = addProtoFile(file.name, await file.text())
      if (error) problems.push(error)
    }
    setProblem(problems.length > 0 ? problems.join('; ') : undefined)
  }
  return (
    <section aria-label=".proto files" className="decoders-section">
      <h3 className="subheading">.proto files</h3>
      {files.length === 0 ? (
        <p className="empty-note">No .proto files yet: add the files that define your Protobuf messages.</p>
      ) : (
        <ul className="proto-files">
          {files.map((f) => (
            <li key={f.name}>
              <span className="proto-name">{f.name}</span> <span>({formatBytes(f.text.length)})</span>{' '}
              <button type="button" className="compact" aria-label={`Remove ${f.name}`} onClick={() => removeProtoFile(f.name)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="button compact file-button">
        Add .proto files
        <input
          type="file"
          accept=".proto,text/plain"
          multiple
          className="visually-hidden"
          onChange={(e) => {
            void add(e.target.files)
            e.target.value = ''
          }}
        />
      </label>
      {problem && (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      )}
      {status && status.protoErrors.length > 0 && (
        <ul className="view-notes" aria-label=".proto problems">
          {status.protoErrors.map((e, i) => (
            <li key={i} className="view-error">
              {e}
            </li>
          ))}
        </ul>
      )}
      {status && status.messageTypes.length > 0 && (
        <p className="field-hint">
          Message types: {status.messageTypes.slice(0, 20).join(', ')}
          {status.messageTypes.length > 20 ? ` and ${status.messageTypes.length - 20} more` : ''}
        </p>
      )}
    </section>
  )
}
