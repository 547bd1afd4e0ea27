import './measure.css'
import { useId } from 'react'
import { CloseIcon } from '@/components/icons.tsx'
import { TabList } from '@/components/tab-list.tsx'
import { useAppStore } from '@/store/app-store.ts'
import type { MeasureMode } from '@/store/measure-slice.ts'
import { ProbeForm } from './probe-form.tsx'
import { ProbeResults } from './probe-results.tsx'
import { RunsTable } from './runs-table.tsx'
import { WatchForm } from './watch-form.tsx'
import { WatchResults } from './watch-results.tsx'

const TABS = [
  { id: 'probe', label: 'Probe', title: 'Publish test messages and measure throughput, latency and loss of this broker path' },
  { id: 'watch', label: 'Watch', title: 'Follow a device stream: loss from sequence gaps, latency from timestamps' },
] as const

/**
 * The Measure panel: the article's throughput, latency and loss rate, by a probe (messages of our
 * own, through the current broker) or a watch (a device stream). Both run in the worker; this only
 * shows the reports it sends on its flush clock.
 */
export function MeasurePanel() {
  const mode = useAppStore((s) => s.measureMode)
  const { setMeasureMode, setMeasureOpen } = useAppStore.getState()
  const id = useId()
  return (
    <section className="panel measure-panel" aria-label="Measure">
      <header className="section-header">
        <h2>Measure</h2>
        <TabList<MeasureMode>
          tabs={TABS}
          current={mode}
          onPick={setMeasureMode}
          label="Measure"
          className="measure-tabs"
          tabClassName="measure-tab"
          panelId={(tab) => `${id}-${tab}`}
        />
        <div className="section-actions">
          <button type="button" className="icon-button small" aria-label="Close measure" title="Close (a run goes on)" onClick={() => setMeasureOpen(false)}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body" role="tabpanel" id={`${id}-${mode}`}>
        {mode === 'probe' ? <ProbeTab /> : <WatchTab />}
      </div>
    </section>
  )
}

function ProbeTab() {
  const run = useAppStore((s) => s.probeRun)
  const report = run?.report
  const running = run !== undefined && report?.phase !== 'done' && report?.phase !== 'failed'
  return (
    <>
      <ProbeForm running={running} />
      {run && <ProbeResults report={report} running={running} />}
      <RunsTable />
    </>
  )
}

function WatchTab() {
  const report = useAppStore((s) => s.watchReport)
  const active = useAppStore((s) => s.watchActive)
  return (
    <>
      <WatchForm running={active} />
      {(active || report) && <WatchResults report={report} />}
    </>
  )
}
