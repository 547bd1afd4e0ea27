import { describe, expect, it } from 'vitest'
import { formatDefault, formatHelp, parseConfig, type Config, type ParseResult, type ReadTextFile } from './config.ts'
import { OPTIONS } from './options.ts'
import { defaultDataDir } from './options/broker.ts'

/** The defaults of the bridge flags, as a config holds them. */
const BRIDGE_DEFAULTS = {
  allowedOrigins: [],
  bridgeMode: 'auto',
  bridgeAllow: [],
  bridgeDeny: [],
  authToken: '',
  authTokenFile: '',
  bridgeMaxPerClient: 8,
  bridgeMaxTotal: 64,
  bridgeConnectTimeout: 10,
  bridgeIdleTimeout: 300,
  bridgeMaxFrameBytes: 16 * 1024 * 1024,
  // The embedded broker's limits.
  maxPacketSize: 1024 * 1024,
  maxConnections: 1000,
  connectTimeout: 10,
  maxQueuedBytes: 1024 * 1024,
  drainTimeout: 5,
  maxInflight: 1000,
  sysInterval: 10,
  // The broker's data, users, ACL and TLS.
  dataDir: defaultDataDir(),
  memory: false,
  usersFile: '',
  aclFile: '',
  allowAnonymous: true,
  clientidPrefixesFromUsername: false,
  mqttsPort: 8883,
  tlsCert: '',
  tlsKey: '',
  tlsCa: '',
  tlsRequireClientCert: false,
  cluster: '',
  nodeId: '',
  clusterHeartbeat: 5,
  recordingMaxBytes: 1024 ** 3,
  recordingMaxMessages: 10_000_000,
  recordingsMaxBytes: 4 * 1024 ** 3,
  recordingsMaxMessages: 40_000_000,
}

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
      ...BRIDGE_DEFAULTS,
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
    // Not bound to loopback: anonymous MQTT clients are refused by default.
    expect(config).toEqual({
      host: '0.0.0.0',
      httpPort: 3000,
      mqttPort: 3001,
      logLevel: 'warn',
      logFormat: 'json',
      buildIfStale: true,
      ...BRIDGE_DEFAULTS,
      allowAnonymous: false,
    })
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
    const config = configOf(parseConfig(['--host', '127.0.0.2', '--http-port=8001', '--mqtt-port', '8002', '--log-level=trace', '--log-format', 'pretty'], env))
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
    const section = help.slice(at, at + 600)
    expect(section).toContain(option.help)
    expect(section).toContain(`default: ${formatDefault(option)}`)
    if (option.env !== undefined) expect(section).toContain(option.env)
  })

  it('documents --help and --version', () => {
    expect(help).toContain('--help')
    expect(help).toContain('--version')
  })
})

describe('parseConfig bridge flags', () => {
  const TOKEN = 'a-token-of-24-characters'

  it('reads the mode, the caps and the token', () => {
    const config = configOf(
      parseConfig([
        '--bridge-mode',
        'restricted',
        '--bridge-max-per-client',
        '2',
        '--bridge-max-total=3',
        '--bridge-connect-timeout',
        '4',
        '--bridge-idle-timeout',
        '5',
        '--bridge-max-frame-bytes',
        '4096',
        '--auth-token',
        TOKEN,
      ]),
    )
    expect(config).toMatchObject({
      bridgeMode: 'restricted',
      bridgeMaxPerClient: 2,
      bridgeMaxTotal: 3,
      bridgeConnectTimeout: 4,
      bridgeIdleTimeout: 5,
      bridgeMaxFrameBytes: 4096,
      authToken: TOKEN,
    })
  })

  it('takes lists comma-separated and repeated, and freezes them', () => {
    const config = configOf(
      parseConfig(['--bridge-allow', '10.0.0.0/8, broker.lan:1883', '--bridge-allow=*.example.com:8883', '--bridge-deny', '10.9.0.0/16,']),
    )
    expect(config.bridgeAllow).toEqual(['10.0.0.0/8', 'broker.lan:1883', '*.example.com:8883'])
    expect(config.bridgeDeny).toEqual(['10.9.0.0/16'])
    expect(Object.isFrozen(config.bridgeAllow)).toBe(true)
  })

  it('reads lists from the environment, and lets flags replace them', () => {
    const env = { MQTT_SCOPE_BRIDGE_ALLOW: 'a.lan:1,b.lan:2', MQTT_SCOPE_BRIDGE_DENY: '10.0.0.0/8' }
    expect(configOf(parseConfig([], env))).toMatchObject({ bridgeAllow: ['a.lan:1', 'b.lan:2'], bridgeDeny: ['10.0.0.0/8'] })
    expect(configOf(parseConfig(['--bridge-allow', 'c.lan:3', '--bridge-allow', 'd.lan:4'], env)).bridgeAllow).toEqual(['c.lan:3', 'd.lan:4'])
  })

  it('reads every bridge environment variable', () => {
    const config = configOf(
      parseConfig([], {
        MQTT_SCOPE_BRIDGE_MODE: 'off',
        MQTT_SCOPE_AUTH_TOKEN: TOKEN,
        MQTT_SCOPE_BRIDGE_MAX_PER_CLIENT: '7',
        MQTT_SCOPE_BRIDGE_MAX_TOTAL: '70',
        MQTT_SCOPE_BRIDGE_CONNECT_TIMEOUT: '7',
        MQTT_SCOPE_BRIDGE_IDLE_TIMEOUT: '77',
        MQTT_SCOPE_BRIDGE_MAX_FRAME_BYTES: '7777',
      }),
    )
    expect(config).toMatchObject({
      bridgeMode: 'off',
      authToken: TOKEN,
      bridgeMaxPerClient: 7,
      bridgeMaxTotal: 70,
      bridgeConnectTimeout: 7,
      bridgeIdleTimeout: 77,
      bridgeMaxFrameBytes: 7777,
    })
  })

  it('--allowed-origins: comma-separated or repeated, or MQTT_SCOPE_ALLOWED_ORIGINS; not bridge patterns', () => {
    const config = configOf(parseConfig(['--allowed-origins', 'https://mqtt.example.com, http://localhost:5173', '--allowed-origins=http://[::1]:8080']))
    expect(config.allowedOrigins).toEqual(['https://mqtt.example.com', 'http://localhost:5173', 'http://[::1]:8080'])
    expect(Object.isFrozen(config.allowedOrigins)).toBe(true)
    const env = { MQTT_SCOPE_ALLOWED_ORIGINS: 'https://a.example,https://b.example' }
    expect(configOf(parseConfig([], env)).allowedOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(configOf(parseConfig(['--allowed-origins', 'https://c.example'], env)).allowedOrigins).toEqual(['https://c.example'])
  })

  it('--allowed-origins: lists every item that is not an origin, naming the flag or variable', () => {
    const problems = problemsOf(parseConfig(['--allowed-origins', 'null,https://*.example.com,mqtt.example.com,https://a.example/app,https://fine.example']))
    expect(problems).toEqual([
      '--allowed-origins: "null" is never allowed: it is the Origin of sandboxed frames and file:// pages, which any site can make',
      '--allowed-origins: "https://*.example.com": wildcards are not supported, list each origin (https://mqtt.example.com)',
      '--allowed-origins: "mqtt.example.com" is not an origin: write http:// or https:// then the host, such as https://mqtt.example.com',
      '--allowed-origins: "https://a.example/app" is not an origin: only scheme://host[:port], without a path, query or user (https://mqtt.example.com:8443)',
    ])
    expect(problemsOf(parseConfig([], { MQTT_SCOPE_ALLOWED_ORIGINS: 'ws://x' }))).toEqual([
      expect.stringMatching(/^MQTT_SCOPE_ALLOWED_ORIGINS: "ws:\/\/x" is not an origin/),
    ])
  })

  it('lists every bad pattern, naming the flag or variable and the pattern', () => {
    const problems = problemsOf(parseConfig(['--bridge-allow', 'broker.lan,10.0.0.0/8', '--bridge-deny', '10.1.0.0/8'], { MQTT_SCOPE_BRIDGE_DENY: 'x' }))
    expect(problems).toEqual([
      '--bridge-allow: "broker.lan": a host name needs a port (broker.lan:1883) or * for every port (broker.lan:*)',
      expect.stringMatching(/^--bridge-deny: "10.1.0.0\/8": .*bits set/),
    ])
    expect(problemsOf(parseConfig([], { MQTT_SCOPE_BRIDGE_ALLOW: 'nope' }))).toEqual([expect.stringMatching(/^MQTT_SCOPE_BRIDGE_ALLOW: "nope"/)])
  })

  it.each([
    ['--bridge-max-per-client', '0'],
    ['--bridge-max-total', '-1'],
    ['--bridge-connect-timeout', '1.5'],
    ['--bridge-idle-timeout', 'soon'],
    ['--bridge-max-frame-bytes', '100'],
    ['--bridge-mode', 'open'],
  ])('refuses %s %s', (flag, value) => {
    expect(problemsOf(parseConfig([flag, value]))).toEqual([expect.stringContaining(flag)])
  })

  it('reads the token file once, trimmed', () => {
    const reads: string[] = []
    const readFile: ReadTextFile = (path) => {
      reads.push(path)
      return `  ${TOKEN}\n`
    }
    const config = configOf(parseConfig(['--auth-token-file', '/run/secrets/token'], {}, readFile))
    expect(config).toMatchObject({ authToken: TOKEN, authTokenFile: '/run/secrets/token' })
    expect(reads).toEqual(['/run/secrets/token'])
  })

  it('lists a missing or empty token file with the other problems', () => {
    const missing: ReadTextFile = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    }
    expect(problemsOf(parseConfig(['--auth-token-file', '/nope', '--http-port', 'x'], {}, missing))).toEqual([
      expect.stringContaining('--http-port'),
      '--auth-token-file: cannot read /nope (no such file)',
    ])
    expect(problemsOf(parseConfig(['--auth-token-file', '/empty'], {}, () => ' \n'))).toEqual(['--auth-token-file: /empty is empty'])
  })

  it('reads a real token file, and names a missing one', () => {
    expect(problemsOf(parseConfig(['--auth-token-file', '/definitely/not/here/token']))).toEqual([
      '--auth-token-file: cannot read /definitely/not/here/token (no such file)',
    ])
  })

  it('refuses a short token, a token with spaces, and both ways of giving one', () => {
    expect(problemsOf(parseConfig(['--auth-token', 'short']))).toEqual(['--auth-token: the access token must be at least 16 characters'])
    expect(problemsOf(parseConfig(['--auth-token', 'sixteen chars or more']))).toEqual([
      '--auth-token: the access token must not contain spaces or line breaks',
    ])
    expect(problemsOf(parseConfig(['--auth-token', TOKEN, '--auth-token-file', '/x'], {}, () => TOKEN))).toEqual([
      '--auth-token and --auth-token-file: give the access token one way, not both',
    ])
  })

  it('lets a token flag win over a token-file variable, and a token-file flag over a token variable', () => {
    const readFile: ReadTextFile = () => 'token-from-the-file-0123'
    expect(configOf(parseConfig(['--auth-token', TOKEN], { MQTT_SCOPE_AUTH_TOKEN_FILE: '/x' }, readFile))).toMatchObject({
      authToken: TOKEN,
      authTokenFile: '',
    })
    expect(configOf(parseConfig(['--auth-token-file', '/x'], { MQTT_SCOPE_AUTH_TOKEN: TOKEN }, readFile)).authToken).toBe('token-from-the-file-0123')
  })
})

describe('formatHelp for the bridge flags', () => {
  const help = formatHelp('1.0.0')

  it('shows a placeholder for each value and a readable default', () => {
    expect(help).toContain('  --bridge-allow <patterns>')
    expect(help).toContain('  --auth-token <token>')
    expect(help).toContain('  --auth-token-file <file>')
    expect(help).toContain('  --bridge-connect-timeout <seconds>')
    expect(help).toContain('  --bridge-max-frame-bytes <bytes>')
    expect(help).toContain('  --bridge-mode <auto|restricted|off>')
    expect(help).toContain('default: none (loopback: any target; restricted: no target); env: MQTT_SCOPE_BRIDGE_ALLOW')
    expect(help).toContain('default: 10; env: MQTT_SCOPE_BRIDGE_CONNECT_TIMEOUT')
  })
})

describe('parseConfig for the broker data, users, ACL and TLS', () => {
  const HASH = '$scrypt$N=1024,r=8,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5'
  const files: Record<string, string> = {
    '/users': `alice:${HASH}\n`,
    '/bad-users': `alice:${HASH}\nbob\ncarol:plain\n`,
    '/acl': 'user alice\ntopic readwrite home/#\n',
    '/bad-acl': 'user alice\ntopic readwrite home/#\ntopic sometimes x\nallow all\n',
    '/cert.pem': '-----BEGIN CERTIFICATE-----\n',
    '/not-pem': 'hello',
  }
  const readFile: ReadTextFile = (path) => {
    const text = files[path]
    if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    return text
  }

  it('keeps data in $XDG_DATA_HOME/mqtt-scope, else ~/.local/share/mqtt-scope', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/data' })).toBe('/srv/data/mqtt-scope')
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' })).toMatch(/\/\.local\/share\/mqtt-scope$/)
    expect(defaultDataDir({})).toMatch(/\/\.local\/share\/mqtt-scope$/)
    expect(configOf(parseConfig(['--data-dir', './here'])).dataDir).toBe('./here')
    expect(configOf(parseConfig(['--memory'])).memory).toBe(true)
  })

  it('refuses --data-dir with --memory, but lets a flag win over the other variable', () => {
    expect(problemsOf(parseConfig(['--data-dir', '/d', '--memory']))).toEqual([
      "--data-dir and --memory: keep the broker's data in a folder or in memory, not both",
    ])
    expect(configOf(parseConfig(['--data-dir', '/d'], { MQTT_SCOPE_MEMORY: 'true' }))).toMatchObject({ dataDir: '/d', memory: false })
    expect(configOf(parseConfig(['--memory'], { MQTT_SCOPE_DATA_DIR: '/d' })).memory).toBe(true)
    expect(configOf(parseConfig(['--data-dir', '/d', '--memory=false'])).memory).toBe(false)
  })

  it.each([
    [['--host', '127.0.0.1'], true],
    [['--host', 'localhost'], true],
    [['--host', '::1'], true],
    [['--host', '0.0.0.0'], false],
    [['--host', '192.168.1.5'], false],
    [['--host', '0.0.0.0', '--allow-anonymous'], true],
    [['--host', '0.0.0.0', '--allow-anonymous', 'true'], true],
    [['--allow-anonymous', 'false'], false],
    [['--allow-anonymous=0'], false],
    [['--allow-anonymous', 'false', '--host', '::'], false],
  ])('%j: anonymous clients allowed = %s', (flags, expected) => {
    expect(configOf(parseConfig(flags)).allowAnonymous).toBe(expected)
  })

  it('reads --allow-anonymous from its variable, and a flag wins over it', () => {
    expect(configOf(parseConfig([], { MQTT_SCOPE_ALLOW_ANONYMOUS: 'false' })).allowAnonymous).toBe(false)
    expect(configOf(parseConfig(['--allow-anonymous'], { MQTT_SCOPE_ALLOW_ANONYMOUS: 'false' })).allowAnonymous).toBe(true)
  })

  it('takes --clientid-prefixes-from-username with a users file, from the flag or its variable', () => {
    expect(configOf(parseConfig(['--users-file', '/users', '--clientid-prefixes-from-username'], {}, readFile)).clientidPrefixesFromUsername).toBe(true)
    const env = { MQTT_SCOPE_CLIENTID_PREFIXES_FROM_USERNAME: 'true', MQTT_SCOPE_USERS_FILE: '/users' }
    expect(configOf(parseConfig([], env, readFile)).clientidPrefixesFromUsername).toBe(true)
    expect(configOf(parseConfig(['--clientid-prefixes-from-username=false'], env, readFile)).clientidPrefixesFromUsername).toBe(false)
    expect(formatHelp('1.0.0')).toContain('  --clientid-prefixes-from-username\n')
  })

  it('refuses --clientid-prefixes-from-username without a users file: no client id would belong to anyone', () => {
    expect(problemsOf(parseConfig(['--clientid-prefixes-from-username'], {}, readFile))).toEqual([
      '--clientid-prefixes-from-username needs --users-file (client ids belong to its users)',
    ])
    expect(problemsOf(parseConfig([], { MQTT_SCOPE_CLIENTID_PREFIXES_FROM_USERNAME: '1' }, readFile))).toEqual([
      'MQTT_SCOPE_CLIENTID_PREFIXES_FROM_USERNAME needs --users-file (client ids belong to its users)',
    ])
  })

  it('accepts good users and ACL files', () => {
    expect(configOf(parseConfig(['--users-file', '/users', '--acl-file', '/acl'], {}, readFile))).toMatchObject({ usersFile: '/users', aclFile: '/acl' })
  })

  it('lists a missing file, and every bad line of the users and ACL files, with the other problems', () => {
    expect(problemsOf(parseConfig(['--users-file', '/bad-users', '--acl-file', '/bad-acl', '--http-port', 'x'], {}, readFile))).toEqual([
      '--http-port: "x" is not a port number (0-65535)',
      '--users-file /bad-users line 2: expected name:hash',
      '--users-file /bad-users line 3: not a $scrypt$ hash (make one with: mqtt-scope user add <name>)',
      '--acl-file /bad-acl line 4: unknown keyword "allow" (expected user, topic or pattern)',
    ])
    expect(problemsOf(parseConfig(['--users-file', '/missing', '--acl-file', '/gone'], {}, readFile))).toEqual([
      '--users-file: cannot read /missing (no such file)',
      '--acl-file: cannot read /gone (no such file)',
    ])
  })

  it('reads "topic sometimes x" as a readwrite filter with a space, as mosquitto does', () => {
    expect(problemsOf(parseConfig(['--acl-file', '/bad-acl'], {}, readFile))).toHaveLength(1)
  })

  it('needs the certificate and its key together, a CA with client certificates, and TLS for --mqtts-port', () => {
    expect(problemsOf(parseConfig(['--tls-cert', '/cert.pem'], {}, readFile))).toEqual(['--tls-cert needs --tls-key (its private key, PEM)'])
    expect(problemsOf(parseConfig(['--tls-key', '/cert.pem'], {}, readFile))).toEqual(['--tls-key needs --tls-cert (the server certificate, PEM)'])
    expect(problemsOf(parseConfig(['--tls-require-client-cert'], {}, readFile))).toEqual([
      '--tls-ca and --tls-require-client-cert need --tls-cert and --tls-key',
    ])
    expect(problemsOf(parseConfig(['--mqtts-port', '8884'], {}, readFile))).toEqual(['--mqtts-port needs --tls-cert and --tls-key'])
    expect(problemsOf(parseConfig([], { MQTT_SCOPE_MQTTS_PORT: '8884' }, readFile))).toEqual(['MQTT_SCOPE_MQTTS_PORT needs --tls-cert and --tls-key'])
    expect(problemsOf(parseConfig(['--tls-cert', '/cert.pem', '--tls-key', '/cert.pem', '--tls-require-client-cert'], {}, readFile))).toContain(
      '--tls-require-client-cert needs --tls-ca (the CA client certificates must be signed by)',
    )
    expect(problemsOf(parseConfig(['--tls-cert', '/cert.pem', '--tls-key', '/cert.pem', '--tls-ca', '/cert.pem'], {}, readFile))).toContain(
      '--tls-ca is only used to check client certificates: add --tls-require-client-cert',
    )
  })

  it('names TLS files that cannot be read or are not PEM', () => {
    expect(problemsOf(parseConfig(['--tls-cert', '/nope.pem', '--tls-key', '/not-pem'], {}, readFile))).toEqual([
      '--tls-cert: cannot read /nope.pem (no such file)',
      '--tls-key: /not-pem is not a PEM file',
    ])
  })
})
