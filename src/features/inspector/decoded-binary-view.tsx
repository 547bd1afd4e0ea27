import type { JsonView as JsonViewData } from '@/model/payload-decoders.ts'
import type { BinaryInspection } from '@/model/inspection-types.ts'
import { useState } from 'react'
import { rebirthCommand } from '@/model/sparkplug-rebirth.ts'
import { parseSparkplugTopic } from '@/model/sparkplug-topic.ts'
import { useAppStore } from '@/store/app-store.ts'
import { chartDecoderOf, decodedChartTarget } from './decoded-chart.ts'
import type { LineChartTarget } from './json-chart.ts'
import { JsonView } from './json-view.tsx'

// Job ids of rebirth requests, far from the publish panel's own (which count up from 1).
let nextRebirthJob = 1_000_000_000

/** "Request rebirth": publishes the standard NCMD Node Control/Rebirth to the topic's edge node. */
function RequestRebirth({ topic }: { topic: string }) {
  const [sent, setSent] = useState<string | undefined>(undefined)
  const parsed = parseSparkplugTopic(topic)
  if (parsed === undefined || parsed.kind === 'state') return null
  const request = () => {
    const command = rebirthCommand(parsed, Date.now())
    if (!command) return
    useAppStore.getState().send({
      type: 'publish',
      jobId: nextRebirthJob++,
      message: { topic: command.topic, payload: { kind: 'bytes', bytes: command.bytes }, qos: 0, retain: false },
    })
    setSent(command.topic)
  }
  return (
    <p className="view-note">
      <button type="button" className="compact" onClick={request}>
        Request rebirth
      </button>{' '}
      {sent !== undefined && <span role="status">Rebirth requested: NCMD sent to {sent}</span>}
    </p>
  )
}

/**
 * A binary payload decoded in the worker (Sparkplug B, Protobuf, CBOR, MessagePack), shown with the
 * JSON view's tree. A payload that does not decode says why, and the raw bytes are one click away.
 */
export function DecodedBinaryView({ binary, topic }: { binary: BinaryInspection | undefined; topic: string }) {
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
  const decoder = chartDecoderOf(binary.format)
  // Pins a decoded value (Sparkplug B: the metric by name) into the current chart, like the JSON view's buttons.
  const onChart =
    decoder === undefined
      ? undefined
      : (target: LineChartTarget) => {
          const { pinSeries, pinSeriesElements } = useAppStore.getState()
          if (target.elements !== undefined) pinSeriesElements(topic, target.path, target.elements, undefined, decoder)
          else pinSeries(topic, target.path, undefined, decoder)
        }
  return (
    <>
      {binary.format === 'sparkplug' && <RequestRebirth topic={topic} />}
      {view.notes.length > 0 && (
        <ul className="view-notes" aria-label="Decoding notes">
          {view.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <JsonView json={json} onChart={onChart} chartTarget={decoder === undefined ? undefined : (t) => decodedChartTarget(decoder, t)} />
    </>
  )
}
