import type { JsonView as JsonViewData } from '@/model/payload-decoders.ts'
import type { BinaryInspection } from '@/model/inspection-types.ts'
import { useAppStore } from '@/store/app-store.ts'
import { JsonView } from './json-view.tsx'

/**
 * A binary payload decoded in the worker (Sparkplug B, Protobuf, CBOR, MessagePack), shown with the
 * JSON view's tree. A payload that does not decode says why, and the raw bytes are one click away.
 */
export function DecodedBinaryView({ binary }: { binary: BinaryInspection | undefined }) {
  if (binary === undefined || binary.state === 'loading') return <p className="empty-note">Loading the decoder…</p>
  const showHex = () => useAppStore.getState().setPayloadView('hex')
  const result = binary.result
  if ('error' in result) {
    return (
      <div>
        <p className="view-error">{result.error}</p>
        <button type="button" className="compact" onClick={showHex}>
          Show raw bytes (Hex)
        </button>
      </div>
    )
  }
  const view = result.value
  // The JSON view's data: integers are exact already (bigint), so nothing lost precision.
  const json: JsonViewData = {
    lines: view.lines,
    truncated: view.truncated,
    lineLimit: view.lineLimit,
    precisionLoss: false,
    impreciseIntegers: 0,
    bom: false,
    window: view.window,
  }
  return (
    <>
      {view.notes.length > 0 && (
        <ul className="view-notes" aria-label="Decoding notes">
          {view.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <JsonView json={json} />
    </>
  )
}
