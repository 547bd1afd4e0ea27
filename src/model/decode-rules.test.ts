import { describe, expect, it } from 'vitest'
import { exportProfiles, importProfiles, newProfile } from './connection-profile.ts'
import { DECODER_BUDGET, DecodeRuleMatcher, type DecodeRule, mergeDecoders, restoreDecoders, validateRule, withProtoFile } from './decode-rules.ts'

const rule = (filter: string, format: DecodeRule['format'], messageType = ''): DecodeRule => ({ filter, format, messageType })

describe('decoding rules "topic filter → decoder"', () => {
  it('validates the filter with the MQTT rules and wants a message type for Protobuf', () => {
    expect(validateRule(rule('sensors/+/pb', 'protobuf', 'demo.Reading'))).toBeUndefined()
    expect(validateRule(rule('sensors/#', 'cbor'))).toBeUndefined()
    expect(validateRule(rule('a/#/b', 'cbor'))?.filter).toMatch(/#/)
    expect(validateRule(rule('', 'msgpack'))).toEqual({ filter: 'a topic filter is needed' })
    expect(validateRule(rule('a', 'protobuf'))).toEqual({ messageType: 'a message type is needed ("package.Message")' })
    expect(validateRule(rule('a', 'protobuf', 'no spaces'))).toEqual({ messageType: 'not a message type name ("package.Message")' })
  })

  it('takes the first matching rule; Sparkplug node and device topics are Sparkplug B whatever the rules', () => {
    const matcher = new DecodeRuleMatcher([rule('sensors/+/pb', 'protobuf', 'demo.Reading'), rule('sensors/#', 'cbor'), rule('#', 'msgpack')])
    expect(matcher.decoderFor('sensors/a/pb')).toEqual({ format: 'protobuf', rule: 0 })
    expect(matcher.decoderFor('sensors/a/other')).toEqual({ format: 'cbor', rule: 1 })
    expect(matcher.decoderFor('x')).toEqual({ format: 'msgpack', rule: 2 })
    expect(matcher.decoderFor('$SYS/x')).toBeUndefined() // '#' does not match $ topics [MQTT-4.7.2-1]
    expect(matcher.decoderFor('spBv1.0/g/DDATA/edge/dev')).toEqual({ format: 'sparkplug' })
    // STATE is JSON text, and a malformed Sparkplug name is never guessed: the rules decide.
    expect(matcher.decoderFor('spBv1.0/STATE/host')).toEqual({ format: 'msgpack', rule: 2 })
    expect(matcher.ruleFor('sensors/a/other', 'protobuf')).toBe(-1)
    expect(new DecodeRuleMatcher([]).decoderFor('sensors/a/pb')).toBeUndefined()
  })

  it('keeps .proto files within the browser budget, replacing a file of the same name', () => {
    let config = withProtoFile({ protoFiles: [], rules: [] }, { name: 'a.proto', text: 'x' })
    if ('error' in config) throw new Error(config.error)
    config = withProtoFile(config, { name: 'a.proto', text: 'yy' })
    if ('error' in config) throw new Error(config.error)
    expect(config.protoFiles).toEqual([{ name: 'a.proto', text: 'yy' }])
    const tooBig = withProtoFile(config, { name: 'big.proto', text: 'x'.repeat(DECODER_BUDGET.protoChars) })
    expect(tooBig).toEqual({ error: expect.stringMatching(/^big\.proto: the \.proto files would take .* over the 512 KiB kept in the browser$/) as string })
  })

  it('restores only valid files and rules from storage or a file', () => {
    expect(restoreDecoders('nonsense')).toEqual({ protoFiles: [], rules: [] })
    expect(
      restoreDecoders({
        protoFiles: [{ name: 'a.proto', text: 'syntax = "proto3";' }, { name: 3 }, null],
        rules: [rule('a/+', 'cbor'), { filter: 'b', format: 'yaml' }, rule('a/#/b', 'msgpack'), rule('c', 'protobuf', 'x.Y'), null],
      }),
    ).toEqual({ protoFiles: [{ name: 'a.proto', text: 'syntax = "proto3";' }], rules: [rule('a/+', 'cbor'), rule('c', 'protobuf', 'x.Y')] })
  })

  it('travels with the exported profiles and joins what is here on import', () => {
    const decoders = { protoFiles: [{ name: 'demo.proto', text: 'syntax = "proto3";' }], rules: [rule('sensors/+/pb', 'protobuf', 'demo.Reading')] }
    const text = exportProfiles([newProfile({ name: 'p', url: 'ws://h/mqtt' })], false, decoders)
    const imported = importProfiles(text)
    if ('error' in imported) throw new Error(imported.error)
    expect(imported.decoders).toEqual(decoders)
    expect(JSON.parse(exportProfiles([], false, { protoFiles: [], rules: [] }))).not.toHaveProperty('decoders')
    const here = { protoFiles: [{ name: 'demo.proto', text: 'old' }], rules: [rule('x', 'cbor'), rule('sensors/+/pb', 'protobuf', 'demo.Reading')] }
    expect(mergeDecoders(here, decoders)).toEqual({ protoFiles: decoders.protoFiles, rules: here.rules })
  })
})
