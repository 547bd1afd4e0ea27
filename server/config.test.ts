import { describe, expect, it } from 'vitest'
import { formatHelp, parseConfig, type Config, type ParseResult } from './config.ts'
import { OPTIONS } from './options.ts'

function configOf(result: ParseResult): Config {
  if (result.kind !== 'config') throw new Error(`expected a config, got ${JSON.stringify(result)}`)
  return result.config
}

function problemsOf(result: ParseResult): readonly string[] {
  if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result)}`)
  return result.problems
}

describe('parseConfig defaults', () => {
  it('uses the documented defaults with no flags and no environment', () => {
    expect(configOf(parseConfig([]))).toEqual({
      host: '127.0.0.1',
      httpPort: 8080,
      mqttPort: 1883,
      logLevel: 'info',
      logFormat: 'pretty',
      buildIfStale: false,
    })
  })

  it('has a default for every option in OPTIONS', () => {
    const config = configOf(parseConfig([])) as unknown as Record<string, unknown>
    for (const option of OPTIONS) expect(config[option.key], option.flag).toBe(option.defaultValue)
  })

  it('returns a frozen config', () => {
    const config = configOf(parseConfig(['--http-port', '9000']))
    expect(Object.isFrozen(config)).toBe(true)
    expect(() => {
      ;(config as { httpPort: number }).httpPort = 1
    }).toThrow(TypeError)
    expect(config.httpPort).toBe(9000)
  })
})

describe('parseConfig flags', () => {
  const cases: Array<[string, string, keyof Config, string | number]> = [
    ['--host', '0.0.0.0', 'host', '0.0.0.0'],
    ['--host', '::1', 'host', '::1'],
    ['--host', 'localhost', 'host', 'localhost'],
    ['--host', 'broker.example.com', 'host', 'broker.example.com'],
    ['--http-port', '9001', 'httpPort', 9001],
    ['--http-port', '0', 'httpPort', 0],
    ['--mqtt-port', '1884', 'mqttPort', 1884],
    ['--mqtt-port', '65535', 'mqttPort', 65535],
    ['--log-level', 'debug', 'logLevel', 'debug'],
    ['--log-level', 'silent', 'logLevel', 'silent'],
    ['--log-format', 'json', 'logFormat', 'json'],
  ]

  it.each(cases)('%s %s (separate value)', (flag, text, key, value) => {
    expect(configOf(parseConfig([flag, text]))[key]).toBe(value)
  })

  it.each(cases)('%s=%s (joined value)', (flag, text, key, value) => {
    expect(configOf(parseConfig([`${flag}=${text}`]))[key]).toBe(value)
  })

  it('takes several flags at once, in both forms', () => {
    const config = configOf(
      parseConfig(['--host=0.0.0.0', '--http-port', '3000', '--mqtt-port=3001', '--log-level', 'warn', '--log-format=json', '--build-if-stale']),
    )
    expect(config).toEqual({ host: '0.0.0.0', httpPort: 3000, mqttPort: 3001, logLevel: 'warn', logFormat: 'json', buildIfStale: true })
  })

  it('lets the last occurrence of a flag win', () => {
    expect(configOf(parseConfig(['--http-port', '1000', '--http-port=2000'])).httpPort).toBe(2000)
  })

  it('reads a boolean flag with and without a value', () => {
    expect(configOf(parseConfig(['--build-if-stale'])).buildIfStale).toBe(true)
    expect(configOf(parseConfig(['--build-if-stale=false'])).buildIfStale).toBe(false)
    expect(configOf(parseConfig(['--build-if-stale=1'])).buildIfStale).toBe(true)
  })
})

describe('parseConfig environment', () => {
  const env = {
    MQTT_SCOPE_HOST: '0.0.0.0',
    MQTT_SCOPE_HTTP_PORT: '7001',
    MQTT_SCOPE_MQTT_PORT: '7002',
    MQTT_SCOPE_LOG_LEVEL: 'error',
    MQTT_SCOPE_LOG_FORMAT: 'json',
  }

  it('reads every environment variable', () => {
    const config = configOf(parseConfig([], env))
    expect(config).toMatchObject({ host: '0.0.0.0', httpPort: 7001, mqttPort: 7002, logLevel: 'error', logFormat: 'json' })
  })

  it('lets a flag win over its environment variable', () => {
    const config = configOf(
      parseConfig(['--host', '127.0.0.2', '--http-port=8001', '--mqtt-port', '8002', '--log-level=trace', '--log-format', 'pretty'], env),
    )
    expect(config).toMatchObject({ host: '127.0.0.2', httpPort: 8001, mqttPort: 8002, logLevel: 'trace', logFormat: 'pretty' })
  })

  it('keeps environment values for the flags that are not given', () => {
    const config = configOf(parseConfig(['--http-port', '8001'], env))
    expect(config).toMatchObject({ httpPort: 8001, mqttPort: 7002, logLevel: 'error' })
  })

  it('ignores empty environment variables and unrelated ones', () => {
    const config = configOf(parseConfig([], { MQTT_SCOPE_HTTP_PORT: '', HTTP_PORT: '1', PORT: '2' }))
    expect(config.httpPort).toBe(8080)
  })

  it('reports a bad environment value naming the variable', () => {
    const problems = problemsOf(parseConfig([], { MQTT_SCOPE_MQTT_PORT: 'abc', MQTT_SCOPE_LOG_LEVEL: 'loud' }))
    expect(problems).toHaveLength(2)
    expect(problems.join('\n')).toContain('MQTT_SCOPE_MQTT_PORT')
    expect(problems.join('\n')).toContain('MQTT_SCOPE_LOG_LEVEL')
  })

  it('does not complain about a bad environment value that a flag overrides', () => {
    expect(configOf(parseConfig(['--mqtt-port', '1'], { MQTT_SCOPE_MQTT_PORT: 'abc' })).mqttPort).toBe(1)
  })
})

describe('parseConfig invalid input', () => {
  it('lists every problem at once', () => {
    const problems = problemsOf(parseConfig(['--http-port', '70000', '--mqtt-port', 'abc', '--log-level', 'loud', '--nope']))
    expect(problems).toHaveLength(4)
    const all = problems.join('\n')
    expect(problems.find((p) => p.includes('--http-port'))).toContain('70000')
    expect(problems.find((p) => p.includes('--mqtt-port'))).toContain('abc')
    expect(problems.find((p) => p.includes('--log-level'))).toContain('loud')
    expect(all).toContain('--nope')
  })

  it('names the allowed choices for an enum', () => {
    const [problem] = problemsOf(parseConfig(['--log-format', 'xml']))
    expect(problem).toContain('pretty')
    expect(problem).toContain('json')
  })

  it.each([['-1'], ['1.5'], ['0x50'], [' 80'], ['65536'], ['']])('rejects port %j', (text) => {
    const [problem, ...rest] = problemsOf(parseConfig([`--http-port=${text}`]))
    expect(rest).toEqual([])
    expect(problem).toContain('--http-port')
  })

  it.each([['not a host'], ['bad_host!'], ['-leading.dash']])('rejects host %j', (text) => {
    expect(problemsOf(parseConfig(['--host', text])).join('\n')).toContain('--host')
  })

  it('reports a flag at the end that needs a value', () => {
    expect(problemsOf(parseConfig(['--mqtt-port']))).toEqual([expect.stringContaining('--mqtt-port needs a value')])
  })

  it('does not take the next flag as a missing value', () => {
    const problems = problemsOf(parseConfig(['--http-port', '--mqtt-port', '1884']))
    expect(problems).toEqual([expect.stringContaining('--http-port needs a value')])
  })

  it('rejects stray positional arguments and single-dash flags', () => {
    const problems = problemsOf(parseConfig(['serve', '-p']))
    expect(problems).toHaveLength(2)
    expect(problems.join('\n')).toContain('"serve"')
    expect(problems.join('\n')).toContain('"-p"')
  })

  it('rejects an unknown flag given with =value', () => {
    expect(problemsOf(parseConfig(['--port=80']))).toEqual([expect.stringContaining('unknown flag --port')])
  })

  it('rejects a boolean flag with a non-boolean value', () => {
    expect(problemsOf(parseConfig(['--build-if-stale=yes'])).join('\n')).toContain('--build-if-stale')
  })
})

describe('parseConfig --help and --version', () => {
  it.each([['--help'], ['-h']])('%s asks for help', (flag) => {
    expect(parseConfig([flag])).toEqual({ kind: 'help' })
  })

  it.each([['--version'], ['-v']])('%s asks for the version', (flag) => {
    expect(parseConfig([flag])).toEqual({ kind: 'version' })
  })

  it('answers --help even alongside other flags', () => {
    expect(parseConfig(['--http-port', '1', '--help']).kind).toBe('help')
  })
})

describe('formatHelp', () => {
  const help = formatHelp('9.9.9')

  it('names the version', () => {
    expect(help).toContain('9.9.9')
  })

  it.each(OPTIONS.map((o) => [o.flag, o] as const))('documents %s with its default and environment variable', (flag, option) => {
    const at = help.indexOf(`  ${flag}`)
    expect(at).toBeGreaterThanOrEqual(0)
    const section = help.slice(at, at + 400)
    expect(section).toContain(option.help)
    expect(section).toContain(`default: ${String(option.defaultValue)}`)
    if (option.env !== undefined) expect(section).toContain(option.env)
  })

  it('documents --help and --version', () => {
    expect(help).toContain('--help')
    expect(help).toContain('--version')
  })
})
