import { useMemo } from 'react'
import { ChunkedText } from '@/components/chunked-text.tsx'
import { useAppStore } from '@/store/app-store.ts'
import type { DecodedView } from './decode-view.ts'
import { HexView } from './hex-view.tsx'
import type { LineChartTarget } from './json-chart.ts'
import { JsonView } from './json-view.tsx'
import { textChunks } from './text-chunks.ts'

/** Text up to this many characters is one wrapped <pre>; longer text is drawn a chunk at a time. */
const PLAIN_TEXT_CHARS = 16 * 1024
const CHUNK_CHARS = 8 * 1024

/** Text as one <pre> when short, as chunks of a virtualized scroll box when long (see ChunkedText). */
function LongText({ text, className }: { text: string; className: string }) {
  const chunks = useMemo(() => (text.length > PLAIN_TEXT_CHARS ? textChunks(text, CHUNK_CHARS) : undefined), [text])
  if (text === '') return <p className="empty-note">(empty)</p>
  if (!chunks) return <pre className={`payload-box ${className}`}>{text}</pre>
  return <ChunkedText className={`payload-box ${className}`} chunks={chunks} estimate={2400} />
}

/** Pins a JSON value of `topic` (or each element of an array) into the current chart. */
function pinFrom(topic: string) {
  return (target: LineChartTarget) => {
    const { pinSeries, pinSeriesElements } = useAppStore.getState()
    if (target.elements !== undefined) pinSeriesElements(topic, target.path, target.elements)
    else pinSeries(topic, target.path)
  }
}

/**
 * One decoded view of the payload window. Everything is rendered as text nodes, never as HTML.
 * With `topic`, the JSON view offers "Chart <path>" on its numbers.
 */
export function PayloadBody({ decoded, totalBytes, topic }: { decoded: DecodedView; totalBytes: number; topic?: string }) {
  const onChart = useMemo(() => (topic === undefined ? undefined : pinFrom(topic)), [topic])
  switch (decoded.view) {
    case 'json':
      if (!decoded.json) return <p className="view-error">{decoded.error}</p>
      return <JsonView json={decoded.json} onChart={onChart} />
    case 'text':
      return (
        <>
          {decoded.error && (
            <p className="view-error">
              {decoded.error}: {decoded.text.invalidBytes.toLocaleString('en')} {decoded.text.invalidBytes === 1 ? 'byte is' : 'bytes are'} shown as \xNN (see
              Hex for the exact bytes).
            </p>
          )}
          {decoded.jsonError && <p className="view-note">Looks like JSON, but is {decoded.jsonError}</p>}
          <LongText text={decoded.text.display} className="text-view" />
        </>
      )
    case 'hex':
      return <HexView decoded={decoded} totalBytes={totalBytes} />
    case 'base64':
      return <LongText text={decoded.text} className="base64-view" />
  }
}
