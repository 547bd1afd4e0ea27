import { describe, expect, it } from 'vitest'
import { parseIp, type IpAddress } from './ip-address.ts'
import { ALWAYS_DENIED, BridgePolicy, hostAddresses, isLoopbackHost, parsePattern, patternProblems, type BridgeMode } from './policy.ts'
import { parseTarget, type Target } from './target.ts'

function target(text: string): Target {
  const parsed = parseTarget(text)
  if ('error' in parsed) throw new Error(parsed.error)
  return parsed
}

function addresses(...texts: string[]): IpAddress[] {
  return texts.map((text) => parseIp(text)!)
}

/** This host, as the tests pretend: loopback, a LAN address and a global IPv6 address. */
const HOST_ADDRESSES = addresses('127.0.0.1', '::1', '192.168.1.10', '2001:db8::10')

function policy(mode: BridgeMode, allow: string[] = [], deny: string[] = [], serverPorts: number[] = []): BridgePolicy {
  return new BridgePolicy({ mode, allow, deny, serverPorts, localAddresses: () => HOST_ADDRESSES })
}

/** The refusal of `url` resolving to `resolved` (an IP literal resolves to itself), or 'allowed'. */
function verdict(p: BridgePolicy, url: string, ...resolved: string[]) {
  const t = target(url)
  const found = resolved.length > 0 ? addresses(...resolved) : t.ip !== undefined ? [t.ip] : []
  return p.check(t, found) ?? 'allowed'
}

describe('parsePattern', () => {
  it.each([
    ['broker.lan:1883', { kind: 'name', name: 'broker.lan', port: 1883 }],
    ['Broker.LAN:*', { kind: 'name', name: 'broker.lan', port: undefined }],
    ['*.example.com:8883', { kind: 'wildcard', suffix: '.example.com', port: 8883 }],
    ['*:1883', { kind: 'any', port: 1883 }],
    ['*:*', { kind: 'any', port: undefined }],
    ['10.0.0.0/8', { kind: 'range', port: undefined }],
    ['10.0.0.0/8:1883', { kind: 'range', port: 1883 }],
    ['10.0.0.1', { kind: 'range', port: undefined }],
    ['10.0.0.1:1883', { kind: 'range', port: 1883 }],
    ['::1/128', { kind: 'range', port: undefined }],
    ['::1/128:1883', { kind: 'range', port: 1883 }],
    ['::1', { kind: 'range', port: undefined }],
    ['[::1]:1883', { kind: 'range', port: 1883 }],
    ['[fd00::]/8', { kind: 'range', port: undefined }],
    ['[fd00::/8]:*', { kind: 'range', port: undefined }],
    [' 10.0.0.0/8 ', { kind: 'range', text: '10.0.0.0/8' }],
  ])('%s', (text, expected) => {
    expect(parsePattern(text)).toMatchObject(expected)
  })

  it.each([
    ['broker.lan', 'needs a port'],
    ['broker.lan:', 'not a port'],
    ['broker.lan:99999', 'not a port'],
    ['10.0.0.0/33', 'prefix'],
    ['10.1.0.0/8', 'bits set'],
    ['10.0.0.0/8:x', 'not a port'],
    ['bro*ker:1883', 'whole first label'],
    ['*.:1883', 'not a host name'],
    ['bad host:1883', 'not a host name'],
    ['', 'empty'],
  ])('refuses %j (%s)', (text, problem) => {
    const parsed = parsePattern(text)
    expect('problem' in parsed && parsed.problem).toContain(problem)
  })

  it('lists every problem of a list, each naming its pattern', () => {
    expect(patternProblems(['ok.lan:1', 'nope', '10.0.0.0/99'])).toEqual([expect.stringContaining('"nope"'), expect.stringContaining('"10.0.0.0/99"')])
  })
})

describe('BridgePolicy in loopback mode', () => {
  it('allows any target when no --bridge-allow is given', () => {
    const p = policy('loopback')
    expect(verdict(p, 'mqtt://127.0.0.1:1883')).toBe('allowed')
    expect(verdict(p, 'mqtts://broker.example.com', '93.184.216.34')).toBe('allowed')
    expect(verdict(p, 'mqtt://[::1]:1883')).toBe('allowed')
  })

  it('narrows to --bridge-allow when one is given', () => {
    const p = policy('loopback', ['broker.lan:1883'])
    expect(verdict(p, 'mqtt://broker.lan:1883', '10.0.0.5')).toBe('allowed')
    expect(verdict(p, 'mqtt://other.lan:1883', '10.0.0.6')).toMatchObject({ rule: '--bridge-allow', error: expect.stringContaining('not in --bridge-allow') })
  })
})

describe('BridgePolicy in restricted mode', () => {
  it('allows nothing with an empty --bridge-allow, and says so', () => {
    expect(verdict(policy('restricted'), 'mqtt://127.0.0.1:1883')).toEqual({
      rule: '--bridge-allow',
      error: 'mqtt://127.0.0.1:1883 is not in --bridge-allow (the list is empty, so this server allows no target)',
    })
  })

  it('matches host:port, host:* and *.domain:port by name', () => {
    const p = policy('restricted', ['broker.lan:1883', 'any-port.lan:*', '*.example.com:8883'])
    expect(verdict(p, 'mqtt://broker.lan:1883', '10.0.0.5')).toBe('allowed')
    expect(verdict(p, 'mqtt://broker.lan:1884', '10.0.0.5')).toMatchObject({ rule: '--bridge-allow' })
    expect(verdict(p, 'mqtt://any-port.lan:4242', '10.0.0.5')).toBe('allowed')
    expect(verdict(p, 'mqtts://eu.example.com', '1.2.3.4')).toBe('allowed')
    expect(verdict(p, 'mqtts://a.b.example.com:8883', '1.2.3.4')).toBe('allowed')
    expect(verdict(p, 'mqtts://example.com:8883', '1.2.3.4')).toMatchObject({ rule: '--bridge-allow' })
    expect(verdict(p, 'mqtts://evilexample.com:8883', '1.2.3.4')).toMatchObject({ rule: '--bridge-allow' })
    expect(verdict(p, 'mqtt://eu.example.com:1883', '1.2.3.4')).toMatchObject({ rule: '--bridge-allow' })
  })

  it('does not let a name pattern match an IP literal', () => {
    expect(verdict(policy('restricted', ['localhost:1883']), 'mqtt://127.0.0.1:1883')).toMatchObject({ rule: '--bridge-allow' })
  })

  it('matches CIDRs with and without a port, for literals and resolved names', () => {
    const p = policy('restricted', ['10.0.0.0/8', '192.168.1.0/24:1883', '[fd00::]/8', '::1/128:1883'])
    expect(verdict(p, 'mqtt://10.1.2.3:9999')).toBe('allowed')
    expect(verdict(p, 'mqtt://broker.lan:1234', '10.1.2.3')).toBe('allowed')
    expect(verdict(p, 'mqtt://192.168.1.7:1883')).toBe('allowed')
    expect(verdict(p, 'mqtt://192.168.1.7:1884')).toMatchObject({ rule: '--bridge-allow' })
    expect(verdict(p, 'mqtt://[fd12::1]:1883')).toBe('allowed')
    expect(verdict(p, 'mqtt://[::1]:1883')).toBe('allowed')
    expect(verdict(p, 'mqtt://[::1]:1884')).toMatchObject({ rule: '--bridge-allow' })
  })

  it('sees IPv4-mapped IPv6 addresses as the IPv4 address they carry', () => {
    const p = policy('restricted', ['10.0.0.0/8'])
    expect(verdict(p, 'mqtt://[::ffff:10.0.0.1]:1883')).toBe('allowed')
    expect(verdict(p, 'mqtt://broker.lan', '::ffff:10.0.0.1')).toBe('allowed')
    expect(verdict(p, 'mqtt://[::ffff:11.0.0.1]:1883')).toMatchObject({ rule: '--bridge-allow' })
    expect(verdict(policy('restricted', ['::ffff:10.0.0.0/104']), 'mqtt://10.2.3.4')).toBe('allowed')
  })

  it('needs every resolved address to be allowed, naming one that is not', () => {
    const p = policy('restricted', ['10.0.0.0/8'])
    expect(verdict(p, 'mqtt://broker.lan', '10.0.0.1', '10.0.0.2')).toBe('allowed')
    expect(verdict(p, 'mqtt://broker.lan', '10.0.0.1', '192.168.0.1')).toEqual({
      rule: '--bridge-allow',
      error: 'mqtt://broker.lan:1883 (it resolves to 192.168.0.1) is not in --bridge-allow',
    })
  })
})

describe('--bridge-deny', () => {
  it('wins over --bridge-allow and names the rule', () => {
    const p = policy('restricted', ['10.0.0.0/8'], ['10.0.0.0/16'])
    expect(verdict(p, 'mqtt://10.1.0.1')).toBe('allowed')
    expect(verdict(p, 'mqtt://10.0.0.1')).toEqual({ rule: '--bridge-deny 10.0.0.0/16', error: 'mqtt://10.0.0.1:1883 is denied by --bridge-deny 10.0.0.0/16' })
  })

  it('applies in loopback mode too', () => {
    expect(verdict(policy('loopback', [], ['10.0.0.0/8']), 'mqtt://10.0.0.1')).toMatchObject({
      error: expect.stringContaining('denied by --bridge-deny 10.0.0.0/8'),
    })
  })

  it('refuses a name when any address it resolves to is denied, even if the name is allowed', () => {
    const p = policy('restricted', ['broker.lan:*'], ['10.0.0.0/8'])
    expect(verdict(p, 'mqtt://broker.lan', '192.168.0.1', '10.0.0.9')).toEqual({
      rule: '--bridge-deny 10.0.0.0/8',
      error: 'mqtt://broker.lan:1883 (10.0.0.9) is denied by --bridge-deny 10.0.0.0/8',
    })
  })

  it('matches mapped addresses, names, wildcards and ports', () => {
    const p = policy('loopback', [], ['10.0.0.0/8', 'secret.lan:*', '*.internal:1883', '127.0.0.1:1883'])
    expect(verdict(p, 'mqtt://[::ffff:10.0.0.1]')).toMatchObject({ rule: '--bridge-deny 10.0.0.0/8' })
    expect(verdict(p, 'mqtt://secret.lan:1', '192.168.0.1')).toMatchObject({ rule: '--bridge-deny secret.lan:*' })
    expect(verdict(p, 'mqtt://a.internal', '192.168.0.1')).toMatchObject({ rule: '--bridge-deny *.internal:1883' })
    expect(verdict(p, 'mqtt://a.internal:1884', '192.168.0.1')).toBe('allowed')
    expect(verdict(p, 'mqtt://127.0.0.1:1883')).toMatchObject({ rule: '--bridge-deny 127.0.0.1:1883' })
    expect(verdict(p, 'mqtt://127.0.0.1:1884')).toBe('allowed')
  })
})

describe('always denied addresses', () => {
  it.each([
    ['mqtt://169.254.169.254', 'link-local/metadata address 169.254.169.254 is always denied'],
    ['mqtt://[::ffff:169.254.169.254]', 'link-local/metadata address 169.254.169.254 is always denied'],
    ['mqtt://[::ffff:a9fe:a9fe]', 'link-local/metadata address 169.254.169.254 is always denied'],
    ['mqtt://[fd00:ec2::254]', 'link-local/metadata address fd00:ec2::254 is always denied'],
    ['mqtt://[fe80::1]', 'link-local address fe80::1 is always denied'],
    ['mqtt://0.0.0.0', 'address 0.0.0.0 is always denied'],
    ['mqtt://[::]', 'address :: is always denied'],
  ])('%s, in either mode and whatever the lists say', (url, error) => {
    for (const p of [policy('loopback'), policy('restricted', ['*:*', '0.0.0.0/0', '::/0'])]) {
      expect(verdict(p, url)).toMatchObject({ error: expect.stringContaining(error), rule: expect.stringMatching(/^always denied /) })
    }
  })

  it.each([
    ['mqtt://100.100.100.200', 'cloud metadata address 100.100.100.200 is always denied', 'always denied 100.100.100.200/32'],
    ['mqtt://168.63.129.16:32526', 'cloud wire server address 168.63.129.16 is always denied', 'always denied 168.63.129.16/32'],
    [
      'mqtt://[64:ff9b::a9fe:a9fe]',
      'link-local/metadata address 64:ff9b::a9fe:a9fe (the NAT64 form of 169.254.169.254) is always denied',
      'always denied 169.254.0.0/16',
    ],
  ])('%s: %s', (url, error, rule) => {
    for (const p of [policy('loopback'), policy('restricted', ['*:*', '0.0.0.0/0', '::/0'])]) expect(verdict(p, url)).toEqual({ error, rule })
  })

  /** An address inside each IPv4 range of ALWAYS_DENIED: a range added without a sample fails the test below. */
  const SAMPLES: Record<string, string> = {
    '169.254.0.0/16': '169.254.169.254',
    '100.100.100.200/32': '100.100.100.200',
    '168.63.129.16/32': '168.63.129.16',
    '0.0.0.0/8': '0.1.2.3',
  }
  const ipv4Ranges = ALWAYS_DENIED.filter((entry) => !entry.range.includes(':'))

  it('has a sample for every IPv4 range', () => {
    expect(ipv4Ranges.map((entry) => entry.range).sort()).toEqual(Object.keys(SAMPLES).sort())
  })

  /** The IPv6 forms that carry `v4`: mapped, compatible, translated, NAT64 and 6to4. */
  function ipv6Forms(v4: string): string[] {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number]
    const hi = ((a << 8) | b).toString(16)
    const lo = ((c << 8) | d).toString(16)
    return [`::ffff:${v4}`, `::${v4}`, `::ffff:0:${v4}`, `64:ff9b::${v4}`, `64:ff9b::${hi}:${lo}`, `2002:${hi}:${lo}::1`, `2002:${hi}:${lo}:ffff::`]
  }
  const embedded = Object.entries(SAMPLES).flatMap(([range, v4]) => ipv6Forms(v4).map((form) => [form, range] as const))

  it.each(embedded)('[%s] is denied as %s, in either mode', (form, range) => {
    for (const p of [policy('loopback'), policy('restricted', ['*:*', '0.0.0.0/0', '::/0', `[${form}]:1883`])]) {
      expect(verdict(p, `mqtt://[${form}]:1883`)).toMatchObject({ rule: `always denied ${range}` })
      expect(verdict(p, 'mqtt://sneaky.example.com:1883', form)).toMatchObject({ rule: `always denied ${range}` })
    }
  })

  it('leaves ::1 to the loopback rules (it is loopback, not 0.0.0.1 in the compatible form)', () => {
    expect(verdict(policy('loopback'), 'mqtt://[::1]:1883')).toBe('allowed')
  })

  it('catches a name that resolves to a metadata address', () => {
    expect(verdict(policy('loopback'), 'mqtt://metadata.google.internal', '169.254.169.254')).toEqual({
      error: 'link-local/metadata address 169.254.169.254 is always denied',
      rule: 'always denied 169.254.0.0/16',
    })
  })
})

describe('--bridge-deny and --bridge-allow with IPv6 forms of IPv4 addresses', () => {
  it('deny sees the IPv4 address inside; allow matches only the address as written', () => {
    expect(verdict(policy('loopback', [], ['10.0.0.0/8']), 'mqtt://[64:ff9b::a00:1]')).toMatchObject({ rule: '--bridge-deny 10.0.0.0/8' })
    expect(verdict(policy('loopback', [], ['10.0.0.0/8']), 'mqtt://[2002:a00:1::]')).toMatchObject({ rule: '--bridge-deny 10.0.0.0/8' })
    expect(verdict(policy('restricted', ['10.0.0.0/8']), 'mqtt://[64:ff9b::a00:1]')).toMatchObject({ rule: '--bridge-allow' })
  })
})

describe("restricted mode: loopback and the server's own ports need a literal allow pattern", () => {
  // The server listens on 8080 and 18830 (on every address of HOST_ADDRESSES).
  const OWN_PORTS = [8080, 18830]
  const restricted = (allow: string) => policy('restricted', allow.split(','), [], OWN_PORTS)

  it.each([
    // [--bridge-allow, target, resolved addresses (none: the IP literal), expected rule or 'allowed']
    ['*:1883', 'mqtt://127.0.0.1:1883', [], 'loopback'],
    ['*:1883', 'mqtt://127.8.9.10:1883', [], 'loopback'],
    ['*:1883', 'mqtt://[::1]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://[::ffff:127.0.0.1]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://[::ffff:7f00:1]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://[::7f00:1]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://[::ffff:0:7f00:1]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://[64:ff9b::7f00:1]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://[2002:7f00:1::]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://localhost:1883', ['127.0.0.1'], 'loopback'],
    ['*:1883', 'mqtt://rebound.example.com:1883', ['93.184.216.34', '127.0.0.1'], 'loopback'],
    ['*:*', 'mqtt://127.0.0.1:1883', [], 'loopback'],
    ['*.example.com:*', 'mqtt://evil.example.com:1883', ['::1'], 'loopback'],
    ['0.0.0.0/0', 'mqtt://127.0.0.1:1883', [], 'loopback'],
    ['::/0', 'mqtt://[::1]:1883', [], 'loopback'],
    ['64:ff9b::/96', 'mqtt://[64:ff9b::7f00:1]:1883', [], 'loopback'],
    ['localhost:1883', 'mqtt://localhost:1883', ['127.0.0.1'], 'loopback'],
    ['127.0.0.1:1884', 'mqtt://127.0.0.1:1883', [], '--bridge-allow'],
    ['127.0.0.1:1883,*:*', 'mqtt://localhost:1883', ['127.0.0.1', '::1'], 'loopback'],
    ['127.0.0.1:1883,*:*', 'mqtt://[64:ff9b::7f00:1]:1883', [], 'loopback'],
    ['*:1883', 'mqtt://10.0.0.1:1883', [], 'allowed'],
    ['127.0.0.1:1883', 'mqtt://127.0.0.1:1883', [], 'allowed'],
    ['127.0.0.1', 'mqtt://127.0.0.1:1883', [], 'allowed'],
    ['127.0.0.0/8:1883', 'mqtt://127.0.0.2:1883', [], 'allowed'],
    ['[::1]:1883', 'mqtt://[::1]:1883', [], 'allowed'],
    ['::1/128', 'mqtt://[::1]:1883', [], 'allowed'],
    ['127.0.0.1:1883', 'mqtt://[::ffff:127.0.0.1]:1883', [], 'allowed'],
    ['127.0.0.1:1883', 'mqtt://localhost:1883', ['127.0.0.1'], 'allowed'],
    ['127.0.0.1:1883,[::1]:1883', 'mqtt://localhost:1883', ['127.0.0.1', '::1'], 'allowed'],
    ['[64:ff9b::7f00:1]:1883', 'mqtt://[64:ff9b::7f00:1]:1883', [], 'allowed'],
    // The server's own ports, on loopback or on any address of this host.
    ['*:8080', 'mqtt://192.168.1.10:8080', [], 'own port'],
    ['*:*', 'mqtt://[2001:db8::10]:18830', [], 'own port'],
    ['*:*', 'mqtt://nas.lan:8080', ['192.168.1.10'], 'own port'],
    ['*:*', 'mqtt://[64:ff9b::c0a8:10a]:8080', [], 'own port'],
    ['192.168.1.0/24', 'mqtt://192.168.1.10:8080', [], 'own port'],
    ['192.168.1.10', 'mqtt://192.168.1.10:8080', [], 'own port'],
    ['127.0.0.1', 'mqtt://127.0.0.1:8080', [], 'own port'],
    ['127.0.0.1:*', 'mqtt://127.0.0.1:18830', [], 'own port'],
    ['*:8080', 'mqtt://127.0.0.1:8080', [], 'own port'],
    ['192.168.1.10:8080', 'mqtt://192.168.1.10:8080', [], 'allowed'],
    ['127.0.0.1:8080', 'mqtt://127.0.0.1:8080', [], 'allowed'],
    ['127.0.0.0/8:18830', 'mqtt://127.0.0.1:18830', [], 'allowed'],
    ['[2001:db8::10]:18830', 'mqtt://[2001:db8::10]:18830', [], 'allowed'],
    ['*:8080', 'mqtt://192.168.1.11:8080', [], 'allowed'],
    ['*:*', 'mqtt://192.168.1.10:1883', [], 'allowed'],
  ] as const)('allow %s: %s (%j) -> %s', (allow, url, resolved, expected) => {
    const outcome = verdict(restricted(allow), url, ...resolved)
    if (expected === 'allowed') expect(outcome).toBe('allowed')
    else expect(outcome).toMatchObject({ rule: expected })
  })

  it('says which address, and the pattern that would open it', () => {
    expect(verdict(restricted('*:1883'), 'mqtt://127.0.0.1:1883')).toEqual({
      rule: 'loopback',
      error:
        'mqtt://127.0.0.1:1883 is a loopback address: in restricted mode a wildcard never opens it, only --bridge-allow 127.0.0.1:1883 (the address written out)',
    })
    expect(verdict(restricted('*:1883'), 'mqtt://localhost:1883', '::1')).toEqual({
      rule: 'loopback',
      error:
        'mqtt://localhost:1883 (it resolves to ::1) is a loopback address: in restricted mode a wildcard never opens it, only --bridge-allow [::1]:1883 (the address written out)',
    })
    expect(verdict(restricted('*:*'), 'mqtt://192.168.1.10:8080')).toEqual({
      rule: 'own port',
      error:
        "mqtt://192.168.1.10:8080 is this server's own port 8080: in restricted mode only --bridge-allow 192.168.1.10:8080 (this address and port, written out) opens it",
    })
  })

  it('names --bridge-allow when no pattern allows the target at all, and lets --bridge-deny win over a literal pattern', () => {
    expect(verdict(policy('restricted'), 'mqtt://127.0.0.1:1883')).toMatchObject({ rule: '--bridge-allow' })
    expect(verdict(restricted('10.0.0.0/8'), 'mqtt://127.0.0.1:1883')).toMatchObject({ rule: '--bridge-allow' })
    expect(verdict(policy('restricted', ['127.0.0.1:1883'], ['127.0.0.0/8']), 'mqtt://127.0.0.1:1883')).toMatchObject({ rule: '--bridge-deny 127.0.0.0/8' })
  })

  it('learns the ports once the server listens (port 0 in the flags)', () => {
    const p = policy('restricted', ['127.0.0.1'], [], [0])
    expect(verdict(p, 'mqtt://127.0.0.1:40123')).toBe('allowed')
    p.setServerPorts([40123, 40124])
    expect(verdict(p, 'mqtt://127.0.0.1:40123')).toMatchObject({ rule: 'own port' })
    expect(p.checkBeforeLookup(target('mqtt://127.0.0.1:40124'))).toMatchObject({ rule: 'own port' })
  })

  it('does not apply in loopback mode: the person at this machine may bridge to it', () => {
    const p = policy('loopback', ['*:1883', '*:8080'], [], OWN_PORTS)
    expect(verdict(p, 'mqtt://127.0.0.1:1883')).toBe('allowed')
    expect(verdict(p, 'mqtt://127.0.0.1:8080')).toBe('allowed')
    expect(verdict(policy('loopback', [], [], OWN_PORTS), 'mqtt://[::1]:18830')).toBe('allowed')
  })

  it('knows this host by its interfaces by default (loopback among them)', () => {
    const found = hostAddresses().map((address) => address.bytes.join('.'))
    expect(found).toContain('127.0.0.1')
  })
})

describe('checkBeforeLookup', () => {
  it('decides an IP literal entirely', () => {
    expect(policy('restricted').checkBeforeLookup(target('mqtt://10.0.0.1'))).toMatchObject({ rule: '--bridge-allow' })
    expect(policy('loopback').checkBeforeLookup(target('mqtt://169.254.169.254'))).toMatchObject({ rule: 'always denied 169.254.0.0/16' })
  })

  it('refuses a denied name, and leaves the rest of a name to the lookup', () => {
    const p = policy('restricted', ['10.0.0.0/8'], ['bad.lan:*'])
    expect(p.checkBeforeLookup(target('mqtt://bad.lan'))).toMatchObject({ rule: '--bridge-deny bad.lan:*' })
    expect(p.checkBeforeLookup(target('mqtt://good.lan'))).toBeUndefined()
  })
})

describe('isLoopbackHost', () => {
  it.each([['127.0.0.1'], ['127.0.0.2'], ['127.255.255.254'], ['::1'], ['[::1]'], ['localhost'], ['LOCALHOST'], ['app.localhost'], ['::ffff:127.0.0.1']])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  )
  it.each([['0.0.0.0'], ['::'], ['192.168.1.10'], ['broker.example.com'], ['128.0.0.1'], ['::2']])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})
