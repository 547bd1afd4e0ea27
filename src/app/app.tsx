import { SplitPane } from '../components/split-pane.tsx'
import { ThemeToggle } from '../components/theme-toggle.tsx'
import { BusiestPanel } from '../features/busiest/busiest-panel.tsx'
import { BusiestToggle } from '../features/busiest/busiest-toggle.tsx'
import { ChartsPanel } from '../features/charts/charts-panel.tsx'
import { ChartsToggle } from '../features/charts/charts-toggle.tsx'
import { ClearRetainedDialog } from '../features/clear-retained/clear-retained-dialog.tsx'
import { ConnectionBar } from '../features/connection/connection-bar.tsx'
import { PublishPanel } from '../features/publish/publish-panel.tsx'
import { BudgetStatus } from '../features/stats/budget-status.tsx'
import { TotalsSummary } from '../features/stats/totals-summary.tsx'
import { SubscriptionsPanel } from '../features/subscriptions/subscriptions-panel.tsx'
import { TopicDetails } from '../features/topic-details/topic-details.tsx'
import { TopicTree } from '../features/topic-tree/topic-tree.tsx'
import { TreeToolbar } from '../features/topic-tree/tree-toolbar.tsx'
import { useAppStore } from '../store/app-store.ts'

/** The bottom panel area: Charts and Busiest topics, side by side when both are open. */
function BottomPanels() {
  const busiestOpen = useAppStore((s) => s.busiestBy !== undefined)
  const chartsOpen = useAppStore((s) => s.chartsOpen)
  if (!chartsOpen) return <BusiestPanel />
  if (!busiestOpen) return <ChartsPanel />
  return (
    <SplitPane
      id="bottom-panels"
      direction="row"
      defaultSize={380}
      minSize={240}
      minFirst={360}
      handleLabel="Resize busiest topics panel"
      first={<ChartsPanel />}
      second={<BusiestPanel />}
    />
  )
}

/**
 * The layout: connection bar on top; the explorer (subscriptions, tree toolbar, tree) beside the
 * topic details above the publish panel; a bottom panel area (Charts, Busiest topics); a status bar.
 * Splits are resizable and remembered; on a phone everything stacks.
 */
export function App() {
  const panelOpen = useAppStore((s) => s.busiestBy !== undefined || s.chartsOpen)
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">
          <span className="brand-mark" aria-hidden="true" />
          mqtt-scope
        </h1>
        <ConnectionBar />
        <div className="topbar-end">
          <TotalsSummary />
          <ThemeToggle />
        </div>
      </header>
      <SplitPane
        id="bottom-panel"
        direction="column"
        className="workspace"
        defaultSize={240}
        minSize={120}
        minFirst={200}
        handleLabel="Resize bottom panel"
        second={panelOpen ? <BottomPanels /> : undefined}
        first={
          <SplitPane
            id="details"
            direction="row"
            defaultSize={460}
            minSize={240}
            minFirst={320}
            handleLabel="Resize details panel"
            first={
              <main className="explorer" aria-label="Explorer">
                <SubscriptionsPanel />
                <TreeToolbar />
                <TopicTree />
              </main>
            }
            second={
              <SplitPane
                id="publish"
                direction="column"
                defaultSize={380}
                minSize={160}
                minFirst={140}
                handleLabel="Resize publish panel"
                first={<TopicDetails />}
                second={<PublishPanel />}
              />
            }
          />
        }
      />
      <footer className="statusbar">
        <BusiestToggle />
        <ChartsToggle />
        <BudgetStatus />
      </footer>
      <ClearRetainedDialog />
    </div>
  )
}
