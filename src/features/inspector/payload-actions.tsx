import { useEffect, useMemo, useState } from 'react'
import { formatCount } from '@/components/format.ts'
import { extractNumber } from '@/model/chart-value.ts'
import type { InspectedMessage } from '@/model/inspection-types.ts'
import { LIMITS } from '@/model/limits.ts'
import { clipboardText, downloadFileName } from '@/model/payload-export.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Saves bytes as a file, byte for byte (a Blob of the transferred bytes, never text). */
function saveBytes(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

async function writeClipboard(text: string): Promise<void> {
  if (!navigator.clipboard) throw new Error('the clipboard is not available here')
  await navigator.clipboard.writeText(text)
}

/**
 * "Copy payload" (the whole payload as UTF-8 text, or as hex digits when it is not UTF-8, and it
 * says which) and "Download payload" (the whole payload, byte for byte, named after the topic).
 * Both fetch the whole payload from the worker when the page holds only a window of it.
 */
export function PayloadActions({ id, topic, message }: { id: number; topic: string; message: InspectedMessage | undefined }) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | undefined>()
  useEffect(() => {
    if (!status || status.error) return
    const timer = setTimeout(() => setStatus(undefined), 4000)
    return () => clearTimeout(timer)
  }, [status])
  useEffect(() => setStatus(undefined), [id])

  const copy = async () => {
    if (!message) return
    try {
      const { window } = message
      const local = window.offset === 0 && window.bytes.length === message.bytes ? clipboardText(window.bytes, LIMITS.inspector.copyBytes) : undefined
      let copied: { text: string; as: 'text' | 'hex' }
      if (local && 'text' in local) copied = local
      else {
        const result = await useAppStore.getState().requestPayload(id, message.seq, 'copy')
        if ('error' in result) throw new Error(result.error)
        if (result.purpose !== 'copy') throw new Error('unexpected answer')
        copied = result
      }
      await writeClipboard(copied.text)
      const size = `${formatCount(message.bytes)} ${message.bytes === 1 ? 'byte' : 'bytes'}`
      setStatus({ text: copied.as === 'hex' ? `Copied payload as hex (not UTF-8 text), ${size}` : `Copied payload, ${size}`, error: false })
    } catch (error) {
      setStatus({ text: `Could not copy: ${error instanceof Error ? error.message : String(error)}`, error: true })
    }
  }

  // A plain number or boolean payload can be charted as it is (the window is the whole payload
  // whenever it is small enough to be one).
  const shown = message?.window
  const chartable = useMemo(
    () =>
      message !== undefined &&
      shown !== undefined &&
      shown.offset === 0 &&
      shown.bytes.length === message.bytes &&
      typeof extractNumber(shown.bytes, []) === 'number',
    [message, shown],
  )

  const download = async () => {
    if (!message) return
    const result = await useAppStore.getState().requestPayload(id, message.seq, 'download')
    if ('error' in result) setStatus({ text: `Could not download: ${result.error}`, error: true })
    else if (result.purpose === 'download' && 'bytes' in result) {
      const name = downloadFileName(topic, message.detected)
      saveBytes(result.bytes, name)
      setStatus({ text: `Saved ${name} (${formatCount(result.bytes.length)} bytes)`, error: false })
    }
  }

  return (
    <div className="payload-actions">
      <button type="button" className="compact" disabled={!message} onClick={() => void copy()}>
        Copy payload
      </button>
      <button type="button" className="compact" disabled={!message} onClick={() => void download()}>
        Download payload
      </button>
      {chartable && (
        <button
          type="button"
          className="compact"
          title="Plot this topic's payload in the current chart"
          onClick={() => useAppStore.getState().pinSeries(topic, [])}
        >
          Chart
        </button>
      )}
      <span className={status?.error ? 'inline-error' : 'notice'} role="status">
        {status?.text}
      </span>
    </div>
  )
}
