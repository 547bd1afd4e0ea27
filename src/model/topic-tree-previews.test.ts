import { describe, expect, it } from 'vitest'
import type { PayloadPreview } from './payload-preview.ts'
import { type PreviewDecoder, TopicTree } from './topic-tree.ts'

const meta = { qos: 0, retain: false } as const

describe('decoded previews in the topic tree', () => {
  it('asks the decoder when a preview is read, keeps the payload pending on "later", and makes previews again on refresh', () => {
    const tree = new TopicTree()
    let answer: PayloadPreview | 'later' | undefined = 'later'
    const asked: string[] = []
    const decoder: PreviewDecoder = {
      preview(node) {
        asked.push(node.topic)
        return answer
      },
    }
    tree.previews.decoder = decoder
    tree.ingest('a/b', new Uint8Array([0x81, 0x01]), meta, 1)
    expect(asked).toEqual([]) // nothing per message
    expect(tree.find('a/b')!.preview).toBe('81 01') // plain for now
    answer = { text: '[1]', cut: false, binary: false }
    expect(tree.find('a/b')!.preview).toBe('[1]')
    expect(tree.find('a/b')!.preview).toBe('[1]')
    expect(asked).toEqual(['a/b', 'a/b']) // made once, then kept
    answer = undefined
    const version = tree.version
    tree.refreshPreviews()
    expect(tree.version).toBeGreaterThan(version)
    expect(tree.find('a/b')!.preview).toBe('81 01')
  })
})
