import { useState } from 'react'
import { Field } from '@/components/field.tsx'
import { formatBytes } from '@/components/format.ts'
import { LIMITS } from '@/model/limits.ts'
import { useAppStore } from '@/store/app-store.ts'

/** File mode: the chosen file's bytes become the payload as they are (nothing decoded). */
export function PayloadFile({ problem }: { problem: string | undefined }) {
  const file = useAppStore((s) => s.publishDraft.file)
  const [readError, setReadError] = useState<string | undefined>()

  const choose = async (chosen: File | undefined) => {
    if (!chosen) return
    // Too big to send anyway: do not read it into memory.
    if (chosen.size > LIMITS.publish.payloadBytes) {
      setReadError(`${chosen.name} is ${formatBytes(chosen.size)}; the largest payload is ${formatBytes(LIMITS.publish.payloadBytes)}`)
      return
    }
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer())
      setReadError(undefined)
      useAppStore.getState().setPublishDraft({ file: { name: chosen.name, bytes } })
    } catch (error) {
      setReadError(`Could not read ${chosen.name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  return (
    <div className="payload-file">
      <Field label="Payload file" error={readError ?? problem}>
        {(control) => (
          <input
            {...control}
            type="file"
            onChange={(e) => {
              void choose(e.target.files?.[0])
              e.target.value = ''
            }}
          />
        )}
      </Field>
      {file ? (
        <p className="file-line mono">
          {file.name} · {file.bytes.length} bytes
        </p>
      ) : (
        <p className="field-hint">No file chosen.</p>
      )}
    </div>
  )
}
