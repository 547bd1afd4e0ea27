import { useRef, useState, type ReactNode } from 'react'
import { SplitPane } from '@/components/split-pane.tsx'
import { ThemeToggle } from '@/components/theme-toggle.tsx'
import { BrokerToggle } from '@/features/broker-dashboard/broker-toggle.tsx'
import { BusiestPanel } from '@/features/busiest/busiest-panel.tsx'
import { BusiestToggle } from '@/features/busiest/busiest-toggle.tsx'
import { ChartsToggle } from '@/features/charts/charts-toggle.tsx'
import { ClusterStoreNotice } from '@/features/cluster-status/cluster-store-notice.tsx'
import { ConnectionBar } from '@/features/connection/connection-bar.tsx'
import { ConnectionTabs } from '@/features/connection-tabs/connection-tabs.tsx'
import { DecodersToggle } from '@/features/decoders/decoders-toggle.tsx'
import { PacketsToggle } from '@/features/packets/packets-toggle.tsx'
import { RecordingsToggle } from '@/features/recordings/recordings-toggle.tsx'
import { ShareLinkNotice } from '@/features/share-link/share-link-notice.tsx'
import { RecordingSession } from '@/features/recording-session/recording-session.tsx'
import { BudgetStatus } from '@/features/totals/budget-status.tsx'
import { TotalsSummary } from '@/features/totals/totals-summary.tsx'
import { PausedBadge } from '@/features/subscriptions/pause-control.tsx'
import { SubscriptionsPanel } from '@/features/subscriptions/subscriptions-panel.tsx'
import { InspectorPanel } from '@/features/inspector/inspector-panel.tsx'
import { MeasureToggle } from '@/features/measure/measure-toggle.tsx'
import { RetainedToggle } from '@/features/retained/retained-toggle.tsx'
import { TopicTree } from '@/features/topic-tree/topic-tree.tsx'
import { TreeToolbar } from '@/features/topic-tree/tree-toolbar.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { layoutDefaults } from './layout-defaults.ts'
import {
  BrokerPanel,
  ChartsPanel,
  ClearRetainedDialog,
  DecodersPanel,
  MeasurePanel,
  PacketsPanel,
  PublishPanel,
  RecordingsPanel,
  RetainedPanel,
} from './lazy-panels.tsx'
import { revealSelectedTopic, useRevealDetailsOnNarrow } from './narrow-screen.ts'
import { useSidePane } from './side-by-side.tsx'

interface BottomPanel {
  readonly key: string
  /** For the resize handle in front of it ("Resize busiest topics panel"). */
  readonly name: string
  readonly node: ReactNode
}

/**
 * Open panels side by side, left to right; each handle resizes everything to its right. Charts and
 * Busiest topics alone keep the split id they always had (its size is remembered under it).
 */
function sideBySide([first, ...rest]: readonly BottomPanel[]): ReactNode {
  if (!first) return null
  if (rest.length === 0) return first.node
  const keys = [first, ...rest].map((p) => p.key).join('-')
  const id = keys === 'charts-busiest' ? 'bottom-panels' : `bottom-panels-${keys}`
  // Keyed by its id: another set of panels is another split, with its own remembered size.
  return (
    <SplitPane
      key={id}
      id={id}
      direction="row"
      defaultSize={380 * rest.length}
      minSize={240 * rest.length}
      minFirst={360}
      handleLabel={`Resize ${rest[0]!.name} panel`}
      first={first.node}
      second={sideBySide(rest)}
    />
  )
}

/**
 * The bottom panel area's first height (until the person resizes it): 45 % of the window, within
 * 240-480 px, so that a chart's plot is about 250 px tall on an 800 px window.
 */
function bottomPanelSize(): number {
  return Math.min(480, Math.max(240, Math.round(window.innerHeight * 0.45)))
}

/** The bottom panel area: Charts, the broker dashboard, Busiest topics, Measure, Recordings, Payload decoders, Retained and Packets, side by side when open. */
function BottomPanels() {
  const busiestOpen = useAppStore((s) => s.busiestBy !== undefined)
  const chartsOpen = useAppStore((s) => s.chartsOpen)
  const brokerOpen = useAppStore((s) => s.brokerOpen)
  const measureOpen = useAppStore((s) => s.measureOpen)
  const recordingsOpen = useAppStore((s) => s.recordingsOpen)
  const decodersOpen = useAppStore((s) => s.decodersOpen)
  const retainedOpen = useAppStore((s) => s.retainedOpen)
  const packetsOpen = useAppStore((s) => s.packetsOpen)
  const panels: BottomPanel[] = []
  if (chartsOpen) panels.push({ key: 'charts', name: 'charts', node: <ChartsPanel /> })
  if (brokerOpen) panels.push({ key: 'broker', name: 'broker dashboard', node: <BrokerPanel /> })
  if (busiestOpen) panels.push({ key: 'busiest', name: 'busiest topics', node: <BusiestPanel /> })
  if (measureOpen) panels.push({ key: 'measure', name: 'measure', node: <MeasurePanel /> })
  if (recordingsOpen) panels.push({ key: 'recordings', name: 'recordings', node: <RecordingsPanel /> })
  if (decodersOpen) panels.push({ key: 'decoders', name: 'payload decoders', node: <DecodersPanel /> })
  if (retainedOpen) panels.push({ key: 'retained', name: 'retained', node: <RetainedPanel /> })
  if (packetsOpen) panels.push({ key: 'packets', name: 'packets', node: <PacketsPanel /> })
  return sideBySide(panels)
}

/**
 * The layout: connection bar on top; the explorer (subscriptions, tree toolbar, tree) beside the
 * topic details above the publish panel (collapsible to its header, which keeps the Publish
 * button); a bottom panel area (Charts, Broker dashboard, Busiest topics); a status bar.
 * Splits are resizable and remembered (first sizes from the window: layout-defaults.ts); on a phone
 * everything stacks, and a tapped topic scrolls its details into view.
 */
export function App() {
  const panelOpen = useAppStore(
    (s) => s.busiestBy !== undefined || s.chartsOpen || s.brokerOpen || s.measureOpen || s.recordingsOpen || s.decodersOpen || s.retainedOpen || s.packetsOpen,
  )
  const publishOpen = useAppStore((s) => s.publishOpen)
  const clearOpen = useAppStore((s) => s.clearDialog !== undefined)
  const [defaults] = useState(() => layoutDefaults(window.innerWidth, window.innerHeight))
  const detailsRef = useRef<HTMLDivElement>(null)
  useRevealDetailsOnNarrow(detailsRef)
  const sidePane = useSidePane()
  const explorer = (
    <main className="explorer" aria-label="Explorer">
      <RecordingSession />
      <SubscriptionsPanel />
      <TreeToolbar />
      <TopicTree />
    </main>
  )
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">
          <span className="brand-mark" aria-hidden="true" />
          mqtt-scope
        </h1>
        <ConnectionBar />
        <div className="topbar-end">
          <PausedBadge />
          <TotalsSummary />
          <ThemeToggle />
        </div>
      </header>
      <ConnectionTabs />
      <SplitPane
        id="bottom-panel"
        direction="column"
        className="workspace"
        defaultSize={bottomPanelSize()}
        minSize={120}
        minFirst={200}
        handleLabel="Resize bottom panel"
        second={panelOpen ? <BottomPanels /> : undefined}
        first={
          <SplitPane
            id="details"
            direction="row"
            defaultSize={defaults.details}
            minSize={240}
            minFirst={320}
            handleLabel="Resize details panel"
            first={
              sidePane === undefined ? (
                explorer
              ) : (
                <SplitPane
                  id="side-by-side"
                  direction="row"
                  defaultSize={Math.round(window.innerWidth / 3)}
                  minSize={240}
                  minFirst={320}
                  handleLabel="Resize side-by-side pane"
                  first={explorer}
                  second={sidePane}
                />
              )
            }
            second={
              <div ref={detailsRef} className="details-column">
                <SplitPane
                  id="publish"
                  direction="column"
                  defaultSize={defaults.publish}
                  minSize={160}
                  minFirst={180}
                  handleLabel="Resize publish panel"
                  collapsed={!publishOpen}
                  first={<InspectorPanel onBackToTopics={revealSelectedTopic} />}
                  second={<PublishPanel />}
                />
              </div>
            }
          />
        }
      />
      <footer className="statusbar">
        <BusiestToggle />
        <ChartsToggle />
        <BrokerToggle />
        <MeasureToggle />
        <RecordingsToggle />
        <DecodersToggle />
        <RetainedToggle />
        <PacketsToggle />
        <BudgetStatus />
        <ClusterStoreNotice />
      </footer>
      <ClearRetainedDialog open={clearOpen} />
      <ShareLinkNotice />
    </div>
  )
}
