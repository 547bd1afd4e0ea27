import { useAppStore } from '@/store/app-store.ts'
import { GaugeIcon } from './broker-icon.tsx'

/** Opens and closes the broker dashboard (the worker sends the statistics either way: they are few). */
export function BrokerToggle() {
  const open = useAppStore((s) => s.brokerOpen)
  const setBrokerOpen = useAppStore((s) => s.setBrokerOpen)
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => setBrokerOpen(!open)}>
      <GaugeIcon />
      Broker
    </button>
  )
}
