import { useId, useRef, useState, type KeyboardEvent } from 'react'
import { RecentList } from './recent-list.tsx'
import { SavedList } from './saved-list.tsx'

const TABS = [
  { id: 'recent', label: 'Recent' },
  { id: 'saved', label: 'Saved' },
] as const
type TabId = (typeof TABS)[number]['id']

/** "Recent" and "Saved" as tabs (WAI-ARIA: arrows move between them, one tab stop). */
export function PublishLists() {
  const [current, setCurrent] = useState<TabId>('recent')
  const baseId = useId()
  const refs = useRef<Array<HTMLButtonElement | null>>([])
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    event.preventDefault()
    const next = (index + 1) % TABS.length
    setCurrent(TABS[next]!.id)
    refs.current[next]?.focus()
  }
  return (
    <div className="publish-lists">
      <div className="list-tabs" role="tablist" aria-label="Publish lists">
        {TABS.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el
            }}
            type="button"
            role="tab"
            id={`${baseId}-${tab.id}-tab`}
            aria-selected={tab.id === current}
            aria-controls={`${baseId}-${tab.id}`}
            tabIndex={tab.id === current ? 0 : -1}
            className={`list-tab${tab.id === current ? ' is-on' : ''}`}
            onClick={() => setCurrent(tab.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {TABS.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`${baseId}-${tab.id}`} aria-labelledby={`${baseId}-${tab.id}-tab`} hidden={tab.id !== current} className="publish-tabpanel">
          {tab.id === 'recent' ? <RecentList /> : <SavedList />}
        </div>
      ))}
    </div>
  )
}
