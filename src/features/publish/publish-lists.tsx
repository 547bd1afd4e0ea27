import { useId, useState } from 'react'
import { TabList } from '@/components/tab-list.tsx'
import { RecentList } from './recent-list.tsx'
import { SavedList } from './saved-list.tsx'

const TABS = [
  { id: 'recent', label: 'Recent' },
  { id: 'saved', label: 'Saved' },
] as const
type TabId = (typeof TABS)[number]['id']

/** "Recent" and "Saved" as tabs. */
export function PublishLists() {
  const [current, setCurrent] = useState<TabId>('recent')
  const baseId = useId()
  return (
    <div className="publish-lists">
      <TabList
        tabs={TABS}
        current={current}
        onPick={setCurrent}
        label="Publish lists"
        className="list-tabs"
        tabClassName="list-tab"
        panelId={(id) => `${baseId}-${id}`}
        tabId={(id) => `${baseId}-${id}-tab`}
      />
      {TABS.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${baseId}-${tab.id}`}
          aria-labelledby={`${baseId}-${tab.id}-tab`}
          hidden={tab.id !== current}
          className="publish-tabpanel"
        >
          {tab.id === 'recent' ? <RecentList /> : <SavedList />}
        </div>
      ))}
    </div>
  )
}
