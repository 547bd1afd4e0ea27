import { useState, type ReactNode } from 'react'
import { readStored, writeStored } from './stored-value.ts'

interface DisclosureProps {
  /** Names the remembered open/closed state in localStorage. */
  readonly id: string
  readonly summary: ReactNode
  readonly defaultOpen?: boolean
  readonly className?: string
  readonly children: ReactNode
}

/**
 * A <details> section whose open state is remembered per user (a preference, like split sizes).
 * Closed, its content is not rendered at all, so a long list costs nothing.
 */
export function Disclosure({ id, summary, defaultOpen = true, className, children }: DisclosureProps) {
  const [open, setOpen] = useState(() => {
    const stored = readStored(`open/${id}`)
    return stored === undefined ? defaultOpen : stored === 'true'
  })
  return (
    <details
      className={`disclosure${className ? ` ${className}` : ''}`}
      open={open}
      onToggle={(event) => {
        const next = event.currentTarget.open
        if (next === open) return
        setOpen(next)
        writeStored(`open/${id}`, String(next))
      }}
    >
      <summary>{summary}</summary>
      {open && children}
    </details>
  )
}
