import { useId, useRef, useState } from 'react'
import { Checkbox } from '@/components/field.tsx'
import { CollapseIcon } from '@/components/icons.tsx'
import { useDebouncedCallback } from '@/components/use-debounced-callback.ts'
import type { SortMode, TreeFilter } from '@/model/tree-view.ts'
import { useAppStore } from '@/store/app-store.ts'
import { ResetTree } from './reset-tree.tsx'
import { RetainedOnly } from './retained-only.tsx'
import { useFilterShortcut } from './use-filter-shortcut.ts'

const FILTER_DELAY_MS = 150

const PLACEHOLDERS: Record<TreeFilter['mode'], string> = {
  text: 'Filter topics',
  mqtt: 'Filter topics, e.g. home/+/temp',
  regex: 'Filter topics, e.g. ^home/.*temp$',
}

/** Filter (text, MQTT filter or regex, optionally over payloads), sort and collapse. */
export function TreeToolbar() {
  const filter = useAppStore((s) => s.filter)
  const sort = useAppStore((s) => s.sort)
  const filterError = useAppStore((s) => s.batch.tree.filterError)
  const { setFilter, setSort, collapseAll } = useAppStore.getState()
  const [query, setQuery] = useState(filter.query)
  const applyQuery = useDebouncedCallback((next: string) => setFilter({ ...useAppStore.getState().filter, query: next }), FILTER_DELAY_MS)
  const id = useId()
  const filterBox = useRef<HTMLInputElement>(null)
  useFilterShortcut(filterBox)

  return (
    <div className="tree-toolbar" role="toolbar" aria-label="Tree">
      <div className="input-group grow">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Filter topics
        </label>
        <input
          ref={filterBox}
          id={`${id}-q`}
          type="text"
          aria-keyshortcuts="/"
          title="Filter topics (press / to come here)"
          className="mono grow"
          placeholder={PLACEHOLDERS[filter.mode]}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            applyQuery(e.target.value)
          }}
          aria-invalid={filterError ? true : undefined}
          aria-describedby={filterError ? `${id}-err` : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        <label htmlFor={`${id}-mode`} className="visually-hidden">
          Filter mode
        </label>
        <select
          id={`${id}-mode`}
          value={filter.mode}
          onChange={(e) => setFilter({ ...filter, query, mode: e.target.value as TreeFilter['mode'] })}
          title="Filter mode"
        >
          <option value="text">Text</option>
          <option value="mqtt">MQTT filter</option>
          <option value="regex">Regex</option>
        </select>
      </div>
      <Checkbox label="Search payloads" checked={filter.payloads} onChange={(payloads) => setFilter({ ...filter, query, payloads })} />
      <RetainedOnly />
      <div className="labelled">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select id={`${id}-sort`} value={sort} onChange={(e) => setSort(e.target.value as SortMode)}>
          <option value="name">Name</option>
          <option value="messages">Messages</option>
          <option value="recent">Recent</option>
        </select>
      </div>
      <button type="button" className="icon-button" aria-label="Collapse all" title="Collapse all" onClick={() => collapseAll()}>
        <CollapseIcon />
      </button>
      <ResetTree />
      {filterError && (
        <p id={`${id}-err`} className="inline-error toolbar-error" role="alert">
          {filterError}
        </p>
      )}
    </div>
  )
}
