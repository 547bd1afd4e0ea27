import { useId, useMemo } from 'react'
import { TabList, type TabItem } from '@/components/tab-list.tsx'
import type { Inspection, InspectedMessage } from '@/model/inspection-types.ts'
import { PAYLOAD_DECODERS, type PayloadViewId } from '@/model/payload-decoders.ts'
import { useAppStore } from '@/store/app-store.ts'
import { decodeView, PAGE_BYTES } from './decode-view.ts'
import { DiffView } from './diff-view.tsx'
import { PayloadActions } from './payload-actions.tsx'
import { PayloadBody } from './payload-body.tsx'
import { BINARY_FORMAT_LABELS, type BinaryFormatId } from '@/model/decoded-value.ts'
import { DecodedBinaryView } from './decoded-binary-view.tsx'

type ViewId = PayloadViewId | BinaryFormatId
// Protobuf needs a .proto file and a "topic filter -> message type" rule, which the page cannot take
// yet: its tab stays out until it can decode something (the decoder itself is in src/model).
const OFFERED_BINARY_VIEWS: readonly BinaryFormatId[] = ['sparkplug', 'cbor', 'msgpack']
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

/** The shown message's payload: view tabs, "showing X of Y bytes", copy/download, the view or the diff. */
export function PayloadPanel({ inspection, message }: { inspection: Inspection; message: InspectedMessage }) {
  const chosen = useAppStore((s) => s.payloadView)
  const diffOn = useAppStore((s) => s.inspectRequest.diff === true)
  const { setPayloadView, setDiff } = useAppStore.getState()
  const panelId = useId()
  // Sparkplug B topics open decoded; every other payload in the view detectView chose.
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
        <TabList
          tabs={viewTabs(detectedView)}
          current={view}
          onPick={setPayloadView}
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
          title="Compare with the message before it"
        >
          Diff
        </button>
      </div>
      <div className="payload-meta">
        <span className="window-label">
          {isBinary(view)
            ? message.binary?.state === 'done' && 'value' in message.binary.result
              ? message.binary.result.value.window.label
              : ''
            : (decoded?.label ?? '…')}
        </span>
        {(view === 'hex' || view === 'base64') && <Pager message={message} view={view} />}
      </div>
      <PayloadActions id={inspection.id} topic={inspection.topic} message={message} />
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
      {diffOn && (
        <section className="diff-section" aria-label="Diff against the previous message">
          <h4 className="subheading">Diff against the previous message</h4>
          <DiffView diff={inspection.diff} />
        </section>
      )}
    </div>
  )
}
