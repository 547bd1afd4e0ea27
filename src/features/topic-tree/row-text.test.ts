import { describe, expect, it } from 'vitest'
import type { TreeRow } from '@/model/batch-types.ts'
import { rowLabel } from './row-text.ts'

const row = (patch: Partial<TreeRow>): TreeRow => ({
  id: 1,
  name: 'pump',
  topic: 'spBv1.0/g/DDATA/n/pump',
  depth: 5,
  childCount: 0,
  expanded: false,
  ownMessages: 3,
  subtreeMessages: 3,
  subtreeTopics: 0,
  preview: '',
  previewCut: false,
  binary: true,
  lastBytes: 10,
  retained: false,
  lastAt: 0,
  subtreeLastAt: 0,
  rate: 0,
  ...patch,
})

describe('a tree row’s accessible name', () => {
  it('ends with the Sparkplug state of its node or device, after the retained mark', () => {
    expect(rowLabel(row({}))).toBe('pump, 3 messages, 0 subtopics')
    expect(rowLabel(row({ sparkplug: 'online' }))).toBe('pump, 3 messages, 0 subtopics, online')
    expect(rowLabel(row({ sparkplug: 'offline', retained: true }))).toBe('pump, 3 messages, 0 subtopics, retained, offline')
  })
})
