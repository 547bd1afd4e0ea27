import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '@/store/app-store.ts'

/** "New connection": a menu of the saved profiles; picking one opens it in a new tab. */
export function NewConnectionMenu({ disabled, onPick }: { readonly disabled: boolean; readonly onPick: (profileId: string) => void }) {
  const profiles = useAppStore((s) => s.profiles)
  const [open, setOpen] = useState(false)
  const menuRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const onDown = (event: PointerEvent) => {
      if (!menuRef.current?.parentElement?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open])
  const onKeyDown = (event: React.KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = items.indexOf(document.activeElement as HTMLElement)
    if (event.key === 'Escape') setOpen(false)
    else if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus()
    else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus()
    else return
    event.preventDefault()
  }
  return (
    <div className="new-connection">
      <button
        type="button"
        className="button is-small"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        title={disabled ? 'Close a connection first' : 'Open another broker in a new tab'}
        onClick={() => setOpen(!open)}
      >
        New connection
      </button>
      {open && (
        <div ref={menuRef} role="menu" aria-label="Open a profile" className="new-connection-menu" onKeyDown={onKeyDown}>
          {profiles.map((p) => (
            <button
              key={p.id}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false)
                onPick(p.id)
              }}
            >
              <span className="menu-name">{p.name}</span>
              <span className="menu-url">{p.url}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
