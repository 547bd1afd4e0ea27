import { useAppStore } from '@/store/app-store.ts'

/** Opens and closes the payload decoders panel (.proto files and "topic filter → decoder" rules). */
export function DecodersToggle() {
  const open = useAppStore((s) => s.decodersOpen)
  const setDecodersOpen = useAppStore((s) => s.setDecodersOpen)
  return (
    <button type="button" className={`panel-tab${open ? ' is-on' : ''}`} aria-pressed={open} onClick={() => setDecodersOpen(!open)}>
      Decoders
    </button>
  )
}
