/**
 * The panels and dialogs the first screen does not show, loaded when first opened (issue 18: the
 * first load fetches only what shows the first message). Each stands in with a panel of the same
 * name saying it is loading, so the region a person (or a test) looks for is there at once.
 */
import { lazy, Suspense, useState, type ComponentType } from 'react'

function loadingPanel(label: string, className: string) {
  return function LoadingPanel() {
    return (
      <section className={`panel ${className}`} aria-label={label} aria-busy="true">
        <p className="empty-note" role="status">
          Loading {label.toLowerCase()}…
        </p>
      </section>
    )
  }
}

/** A lazily loaded component with its Suspense fallback. */
function withFallback<P extends object>(Component: ComponentType<P>, Fallback: ComponentType): ComponentType<P> {
  return function Lazy(props: P) {
    return (
      <Suspense fallback={<Fallback />}>
        <Component {...props} />
      </Suspense>
    )
  }
}

const NoFallback = () => null

/** The publish form (its editor, templates, properties, saved messages) comes just after the first screen. */
export const PublishPanel = withFallback(
  lazy(() => import('@/features/publish/publish-panel.tsx').then((m) => ({ default: m.PublishPanel }))),
  loadingPanel('Publish', 'publish-panel'),
)

export const ChartsPanel = withFallback(
  lazy(() => import('@/features/charts/charts-panel.tsx').then((m) => ({ default: m.ChartsPanel }))),
  loadingPanel('Charts', 'charts-panel'),
)
export const BrokerPanel = withFallback(
  lazy(() => import('@/features/broker-dashboard/broker-panel.tsx').then((m) => ({ default: m.BrokerPanel }))),
  loadingPanel('Broker dashboard', 'broker-panel'),
)
export const MeasurePanel = withFallback(
  lazy(() => import('@/features/measure/measure-panel.tsx').then((m) => ({ default: m.MeasurePanel }))),
  loadingPanel('Measure', 'measure-panel'),
)
export const RecordingsPanel = withFallback(
  lazy(() => import('@/features/recordings/recordings-panel.tsx').then((m) => ({ default: m.RecordingsPanel }))),
  loadingPanel('Recordings', 'recordings-panel'),
)
export const DecodersPanel = withFallback(
  lazy(() => import('@/features/decoders/decoders-panel.tsx').then((m) => ({ default: m.DecodersPanel }))),
  loadingPanel('Payload decoders', 'decoders-panel'),
)
export const RetainedPanel = withFallback(
  lazy(() => import('@/features/retained/retained-panel.tsx').then((m) => ({ default: m.RetainedPanel }))),
  loadingPanel('Retained', 'retained-panel'),
)
export const PacketsPanel = withFallback(
  lazy(() => import('@/features/packets/packets-panel.tsx').then((m) => ({ default: m.PacketsPanel }))),
  loadingPanel('Packets', 'packets-panel'),
)
const LazyClearRetainedDialog = withFallback(
  lazy(() => import('@/features/clear-retained/clear-retained-dialog.tsx').then((m) => ({ default: m.ClearRetainedDialog }))),
  NoFallback,
)

/**
 * The clear-retained dialog, loaded when it is first opened and kept mounted after that (its
 * <dialog> closes itself, which gives the focus back to where it was).
 */
export function ClearRetainedDialog({ open }: { open: boolean }) {
  const [used, setUsed] = useState(open)
  if (open && !used) setUsed(true)
  return used ? <LazyClearRetainedDialog /> : null
}
