// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { STORAGE_KEY, useAppStore } from './app-store.ts'
import { freshStorePerTest } from './test-support/fresh-store.ts'

const sent = freshStorePerTest()
const store = () => useAppStore.getState()

describe('payload decoders in the store', () => {
  it('adds .proto files and rules, tells the worker each time, and refuses what does not fit', () => {
    expect(store().addProtoFile('demo.proto', 'syntax = "proto3";')).toBeUndefined()
    expect(store().addRule({ filter: ' sensors/+/pb ', format: 'protobuf', messageType: 'demo.Reading' })).toBeUndefined()
    expect(store().addRule({ filter: 'a/#/b', format: 'cbor', messageType: '' })).toEqual({ filter: expect.stringContaining('#') as string })
    expect(store().addProtoFile('big.proto', 'x'.repeat(600 * 1024))).toMatch(/^big\.proto: .* over the 512 KiB kept in the browser$/)
    expect(store().decoders).toEqual({
      protoFiles: [{ name: 'demo.proto', text: 'syntax = "proto3";' }],
      rules: [{ filter: 'sensors/+/pb', format: 'protobuf', messageType: 'demo.Reading' }],
    })
    expect(sent.filter((c) => c.type === 'decoders').at(-1)).toEqual({ type: 'decoders', config: store().decoders })
    store().addRule({ filter: 'sensors/#', format: 'msgpack', messageType: '' })
    store().moveRuleUp(1)
    expect(store().decoders.rules.map((r) => r.filter)).toEqual(['sensors/#', 'sensors/+/pb'])
    store().applyDecodersStatus({ protoErrors: [], ruleProblems: [undefined, undefined], messageTypes: ['demo.Reading'] })
    store().removeRule(0)
    store().removeRule(0)
    expect(store().decoders.rules).toEqual([])
    expect(store().decodersStatus).toBeUndefined() // until the worker compiled the new config
  })

  it('keeps them in localStorage under a key of their own and reads back only what checks out', async () => {
    store().addProtoFile('demo.proto', 'syntax = "proto3";')
    store().addRule({ filter: 'plant/+/cbor', format: 'cbor', messageType: '' })
    const key = `${STORAGE_KEY}/decoders`
    const stored = localStorage.getItem(key)
    expect(stored).toContain('plant/+/cbor')
    localStorage.setItem(key, JSON.stringify({ protoFiles: [{ name: 'demo.proto', text: 'x' }], rules: [{ filter: 'a/#/b', format: 'cbor' }, 'junk'] }))
    await useAppStore.persist.rehydrate()
    expect(store().decoders).toEqual({ protoFiles: [{ name: 'demo.proto', text: 'x' }], rules: [] })
  })
})
