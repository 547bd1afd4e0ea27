import { ListIcon } from '@/components/icons.tsx'
import { useAppStore } from '@/store/app-store.ts'

/** Opens and closes the "Busiest topics" panel (the worker ranks only while it is open). */
export function BusiestToggle() {
  const by = useAppStore((s) => s.busiestBy)
  const showBusiest = useAppStore((s) => s.showBusiest)
  const open = by !== undefined
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => showBusiest(open ? undefined : 'messages')}>
      <ListIcon />
      Busiest topics
    </button>
  )
}
