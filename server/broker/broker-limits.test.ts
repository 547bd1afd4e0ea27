import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config.ts'
import { brokerLimitsFrom, DEFAULT_BROKER_LIMITS, maxWebSocketMessageBytes } from './broker-limits.ts'

function limitsOf(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const parsed = parseConfig(argv, env)
  if (parsed.kind !== 'config') throw new Error(JSON.stringify(parsed))
  return brokerLimitsFrom(parsed.config)
}

describe('broker limits from flags and environment', () => {
  it('are the documented defaults with no flags', () => {
    expect(limitsOf([])).toEqual(DEFAULT_BROKER_LIMITS)
    expect(DEFAULT_BROKER_LIMITS).toMatchObject({ maxPacketBytes: 1048576, connectTimeoutMs: 10_000, sysIntervalMs: 10_000 })
  })

  it('take flags in bytes, counts and seconds (seconds become milliseconds), and environment variables', () => {
    const limits = limitsOf(
      [
        '--max-packet-size',
        '4096',
        '--max-connections=5',
        '--connect-timeout',
        '3',
        '--max-queued-bytes',
        '65536',
        '--drain-timeout',
        '2',
        '--max-inflight',
        '7',
      ],
      { MQTT_SCOPE_SYS_INTERVAL: '0' },
    )
    expect(limits).toEqual({
      maxPacketBytes: 4096,
      maxConnections: 5,
      connectTimeoutMs: 3_000,
      maxQueuedBytes: 65_536,
      drainTimeoutMs: 2_000,
      maxInflight: 7,
      sysIntervalMs: 0,
    })
  })

  it('refuse values out of range, every one of them named', () => {
    const parsed = parseConfig([
      '--max-packet-size',
      '10',
      '--max-connections',
      '0',
      '--connect-timeout',
      'soon',
      '--drain-timeout',
      '0',
      '--sys-interval',
      '-1',
    ])
    expect(parsed.kind).toBe('invalid')
    if (parsed.kind !== 'invalid') return
    expect(parsed.problems).toEqual([
      '--max-packet-size: "10" is not a whole number from 128 to 268435460',
      '--max-connections: "0" is not a whole number from 1 to 1000000',
      '--connect-timeout: "soon" is not a whole number from 1 to 3600',
      '--drain-timeout: "0" is not a whole number from 1 to 3600',
      '--sys-interval: "-1" is not a whole number from 0 to 86400',
    ])
  })

  it('let a /mqtt message carry twice the packet limit, at least 4 MiB', () => {
    expect(maxWebSocketMessageBytes(DEFAULT_BROKER_LIMITS)).toBe(4 * 1024 * 1024)
    expect(maxWebSocketMessageBytes({ ...DEFAULT_BROKER_LIMITS, maxPacketBytes: 10 * 1024 * 1024 })).toBe(20 * 1024 * 1024)
  })
})
