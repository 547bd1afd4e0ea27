import { useId, useLayoutEffect, useMemo, useRef, type RefObject } from 'react'
import { TabList, type TabItem } from '@/components/tab-list.tsx'
import { deliveredQosText } from '@/model/delivered-qos.ts'
import { describeWindow } from '@/model/display-window.ts'
import type { Inspection, InspectedMessage } from '@/model/inspection-types.ts'
import { PAYLOAD_DECODERS, type PayloadViewId } from '@/model/payload-decoders.ts'
import { useAppStore } from '@/store/app-store.ts'
import { decodeView, PAGE_BYTES } from './decode-view.ts'
import { DiffSection } from './diff-section.tsx'
import { PayloadActions } from './payload-actions.tsx'
import { PayloadBody } from './payload-body.tsx'
import { BINARY_FORMAT_LABELS, type BinaryFormatId } from '@/model/decoded-value.ts'
import { DecodedBinaryView } from './decoded-binary-view.tsx'
import { PayloadSummary, useGrantedFor } from './payload-summary.tsx'

type ViewId = PayloadViewId | BinaryFormatId
// Protobuf decodes with the message type of the topic's first Protobuf rule (the Decoders panel).
const OFFERED_BINARY_VIEWS: readonly BinaryFormatId[] = ['sparkplug', 'protobuf', 'cbor', 'msgpack']
const BINARY_VIEWS = OFFERED_BINARY_VIEWS.map((id) => ({ id, label: BINARY_FORMAT_LABELS[id] }))
const VIEWS: { id: ViewId; label: string }[] = [...PAYLOAD_DECODERS.map((d) => ({ id: d.id, label: d.label })), ...BINARY_VIEWS]
const isBinary = (view: ViewId): view is BinaryFormatId => view in BINARY_FORMAT_LABELS

/** The view tabs (JSON, Text, Hex, Base64, then the binary formats); the detected one says so, in its tooltip and with a dot. */
function viewTabs(detected: ViewId): Array<TabItem<ViewId>> {
  return VIEWS.map((view) =>
    view.id === detected
      ? { ...view, title: `${view.label} (detected)`, extra: <span className="detected-dot" aria-hidden="true" /> }
      : { ...view, title: view.label },
  )
}

/** Previous / next window of a payload bigger than one window (Hex and Base64). */
function Pager({ message, view }: { message: InspectedMessage; view: 'hex' | 'base64' }) {
  const page = PAGE_BYTES[view]
  const offset = message.window.offset
  if (message.bytes <= page && offset === 0) return null
  const go = (next: number) => useAppStore.getState().setPayloadWindow(next, page)
  return (
    <div className="pager">
      <button type="button" className="compact" disabled={offset === 0} onClick={() => go(Math.max(0, offset - page))}>
        Previous bytes
      </button>
      <button type="button" className="compact" disabled={offset + page >= message.bytes} onClick={() => go(offset + page)}>
        Next bytes
      </button>
    </div>
  )
}

/**
 * While `hold` is on, the element never shrinks: picking history entries with payloads of other
 * sizes then does not move the history list below it. Off again (following the latest), it fits.
 */
function useHeldHeight(ref: RefObject<HTMLElement | null>, hold: boolean): void {
  const tallest = useRef(0)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    if (!hold) {
      tallest.current = 0
      element.style.minHeight = ''
      return
    }
    const height = element.offsetHeight
    if (height > tallest.current) {
      tallest.current = height
      element.style.minHeight = `${height}px`
    }
  })
}

/**
 * The shown message's payload, first: a toolbar (heading, view tabs, Diff), the view itself (or, with
 * Diff on, the diff in its place), then one summary line (size, QoS, retain, time, how much is shown)
 * and copy/download. The view's height is held while a history entry is shown, so the history list
 * below does not move when another entry (or the diff) is shown.
 */
export function PayloadPanel({ inspection, message, heading }: { inspection: Inspection; message: InspectedMessage; heading: string }) {
  const chosen = useAppStore((s) => s.payloadView)
  const diffOn = useAppStore((s) => s.inspectRequest.diff === true)
  const { setPayloadView, setDiff } = useAppStore.getState()
  // A view tab while the diff shows: back to the payload, in that view.
  const pickView = (next: ViewId) => {
    if (diffOn) setDiff(false)
    setPayloadView(next)
  }
  const granted = useGrantedFor(inspection.topic)
  const panelId = useId()
  const stageRef = useRef<HTMLDivElement>(null)
  useHeldHeight(stageRef, !inspection.following)
  // Sparkplug B topics and topics a decoding rule names open decoded; every other payload in the view detectView chose.
  const detectedView: ViewId = message.binary?.auto ? message.binary.format : message.detected
  const view: ViewId = chosen ?? detectedView
  // The window aligned for this view: Hex and Base64 page in their own steps; JSON and Text read from 0.
  const aligned = view === 'hex' || view === 'base64' ? message.window.offset % PAGE_BYTES[view] === 0 : message.window.offset === 0
  const { window, textBytes, bytes: totalBytes, detected } = message
  const decoded = useMemo(
    () => (aligned && !isBinary(view) ? decodeView(view, { offset: window.offset, bytes: window.bytes, textBytes, totalBytes, detected }) : undefined),
    [aligned, view, window, textBytes, totalBytes, detected],
  )
  return (
    <div className="payload-panel">
      <div className="payload-toolbar">
        <h3 className="subheading">{heading}</h3>
        <TabList
          tabs={viewTabs(detectedView)}
          current={view}
          onPick={pickView}
          label="Payload view"
          className="view-tabs"
          tabClassName="view-tab"
          panelId={() => panelId}
        />
        <button
          type="button"
          className={`compact${diffOn ? ' is-on' : ''}`}
          aria-pressed={diffOn}
          onClick={() => setDiff(!diffOn)}
          title="Compare with the message before it (or pick one with Compare in the history)"
        >
          Diff
        </button>
      </div>
      <div ref={stageRef} className="payload-stage">
        {diffOn ? (
          <DiffSection inspection={inspection} />
        ) : (
          <div id={panelId} role="tabpanel" aria-label={`${VIEWS.find((v) => v.id === view)?.label ?? ''} view`} className="payload-view">
            {totalBytes === 0 ? (
              <p className="empty-note">Empty payload (0 bytes).</p>
            ) : isBinary(view) ? (
              <DecodedBinaryView binary={message.binary?.format === view ? message.binary : undefined} topic={inspection.topic} />
            ) : decoded ? (
              <PayloadBody decoded={decoded} totalBytes={totalBytes} topic={inspection.topic} />
            ) : (
              <p className="empty-note">Loading…</p>
            )}
          </div>
        )}
      </div>
      <div className="payload-meta">
        <PayloadSummary message={message} qosText={deliveredQosText(message.qos, granted)} />
        {!diffOn && decoded && decoded.label !== describeWindow(totalBytes, totalBytes).label && <span className="window-label">{decoded.label}</span>}
        {!diffOn && isBinary(view) && message.binary?.state === 'done' && 'value' in message.binary.result && (
          <span className="window-label">{message.binary.result.value.window.label}</span>
        )}
        {!diffOn && (view === 'hex' || view === 'base64') && <Pager message={message} view={view} />}
      </div>
      <PayloadActions id={inspection.id} topic={inspection.topic} message={message} />
    </div>
  )
}
