import { useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface TabItem<Id extends string> {
  readonly id: Id
  readonly label: string
  /** A tooltip; none by default. */
  readonly title?: string
  /** Shown after the label (e.g. a marker for the detected view). */
  readonly extra?: ReactNode
}

interface TabListProps<Id extends string> {
  readonly tabs: readonly TabItem<Id>[]
  readonly current: Id
  readonly onPick: (id: Id) => void
  /** The tablist's accessible name. */
  readonly label: string
  /** The tablist's class; each tab's is `tabClassName`, plus ' is-on' for the current one. */
  readonly className: string
  readonly tabClassName: string
  /** The id of the tabpanel a tab controls. */
  readonly panelId: (id: Id) => string
  /** A tab's own id, for a tabpanel labelled by its tab (aria-labelledby); none by default. */
  readonly tabId?: (id: Id) => string
}

/**
 * A row of tabs, WAI-ARIA style: one tab stop (the current tab), the arrow keys move to the next or
 * previous tab (wrapping), Home and End to the first and last; moving picks the tab.
 */
export function TabList<Id extends string>({ tabs, current, onPick, label, className, tabClassName, panelId, tabId }: TabListProps<Id>) {
  const refs = useRef<Array<HTMLButtonElement | null>>([])
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : step === 0 ? -1 : (index + step + tabs.length) % tabs.length
    if (target < 0) return
    event.preventDefault()
    onPick(tabs[target]!.id)
    refs.current[target]?.focus()
  }
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((tab, i) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[i] = el
          }}
          type="button"
          role="tab"
          id={tabId?.(tab.id)}
          aria-selected={tab.id === current}
          aria-controls={panelId(tab.id)}
          tabIndex={tab.id === current ? 0 : -1}
          className={`${tabClassName}${tab.id === current ? ' is-on' : ''}`}
          title={tab.title}
          onClick={() => onPick(tab.id)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {tab.label}
          {tab.extra}
        </button>
      ))}
    </div>
  )
}
