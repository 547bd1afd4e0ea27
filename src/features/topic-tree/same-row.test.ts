import { describe, expect, it } from 'vitest'
import type { TreeRow } from '@/model/batch-types.ts'
import { sameRow, sameRowProps } from './same-row.ts'

const row: TreeRow = {
  id: 7,
  name: 't1',
  topic: 'a/t1',
  depth: 2,
  childCount: 0,
  expanded: false,
  ownMessages: 3,
  subtreeMessages: 3,
  subtreeTopics: 0,
  preview: '21.5',
  previewCut: false,
  binary: false,
  lastBytes: 4,
  retained: false,
  lastAt: 1000,
  subtreeLastAt: 1000,
  rate: 1.5,
}

describe('sameRow', () => {
  it('holds for a new object with the same figures', () => {
    expect(sameRow(row, { ...row })).toBe(true)
  })

  it('fails when any figure changed, a field appeared or the Sparkplug state changed', () => {
    expect(sameRow(row, { ...row, subtreeMessages: 4 })).toBe(false)
    expect(sameRow(row, { ...row, preview: '21.6' })).toBe(false)
    expect(sameRow(row, { ...row, rate: 1.4 })).toBe(false)
    expect(sameRow(row, { ...row, sparkplug: 'online' })).toBe(false)
    expect(sameRow({ ...row, sparkplug: 'online' }, { ...row, sparkplug: 'offline' })).toBe(false)
  })
})

describe('sameRowProps', () => {
  const onActivate = () => {}
  const props = { row, index: 3, top: 72, focused: false, selected: false, onActivate }

  it('skips a render when only the row object is new', () => {
    expect(sameRowProps(props, { ...props, row: { ...row } })).toBe(true)
  })

  it('renders when the place, focus, selection or a callback changed', () => {
    expect(sameRowProps(props, { ...props, top: 96 })).toBe(false)
    expect(sameRowProps(props, { ...props, focused: true })).toBe(false)
    expect(sameRowProps(props, { ...props, selected: true })).toBe(false)
    expect(sameRowProps(props, { ...props, onActivate: () => {} })).toBe(false)
    expect(sameRowProps(props, { ...props, row: { ...row, expanded: true } })).toBe(false)
  })
})
