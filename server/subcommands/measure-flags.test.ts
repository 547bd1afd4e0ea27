import { describe, expect, it } from 'vitest'
import { parseMeasureFlags } from './measure-flags.ts'

const problems = (args: string[]) => {
  const parsed = parseMeasureFlags(args)
  return typeof parsed === 'object' && 'problems' in parsed ? parsed.problems : []
}

describe('mqtt-scope measure flags', () => {
  it('reads a probe and a watch, with --flag value and --flag=value', () => {
    expect(parseMeasureFlags(['--url', 'mqtt://h:1883', '--count=1000', '--rate', '500', '--qos', '1', '--size', '64', '--json'])).toEqual({
      flags: expect.objectContaining({ url: 'mqtt://h:1883', count: 1000, rate: 500, qos: 1, size: 64, json: true, watch: undefined }),
    })
    expect(parseMeasureFlags(['--watch', 'devices/+/telemetry', '--seq-path', 'seq', '--time-path', 'ts', '--duration', '60'])).toEqual({
      flags: expect.objectContaining({ watch: 'devices/+/telemetry', seqPath: 'seq', timePath: 'ts', durationS: 60, url: 'mqtt://localhost:1883' }),
    })
    expect(parseMeasureFlags(['-h'])).toBe('help')
  })

  it('lists every bad flag', () => {
    expect(problems(['--count', 'many', '--qos', '3', '--bogus', 'extra', '--url', 'http://x', '--rate'])).toEqual([
      'unknown flag --bogus',
      'unexpected argument "extra"',
      '--rate needs a value',
      '--count: "many" is not a whole number',
      '--qos: 0, 1 or 2, not "3"',
      '--url: "http://x" is not an mqtt://, mqtts://, ws:// or wss:// URL',
    ])
    expect(problems(['--watch', 'a/#', '--count', '5'])).toEqual(['--count is for a probe, not with --watch'])
    expect(problems(['--seq-path', 'seq'])).toEqual(['--seq-path is for a watch (with --watch)'])
    expect(problems(['--cert', 'c.pem', '--mqtt-version', '6', '--duration', '0', '--watch', '#'])).toEqual([
      '--duration: more than 0 seconds',
      '--mqtt-version: 5 or 3.1.1, not "6"',
      '--cert and --key go together',
    ])
    expect(problems(['--url', 'mqtt://a', '--url', 'mqtt://b'])).toEqual(['--url given twice'])
  })
})
