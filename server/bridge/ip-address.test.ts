import { describe, expect, it } from 'vitest'
import { cidrContains, embeddedIpv4, formatCidr, formatIp, parseCidr, parseIp, type Cidr } from './ip-address.ts'

function cidr(text: string): Cidr {
  const parsed = parseCidr(text)
  if ('problem' in parsed) throw new Error(parsed.problem)
  return parsed
}

function ip(text: string) {
  const parsed = parseIp(text)
  if (parsed === undefined) throw new Error(`not an IP: ${text}`)
  return parsed
}

describe('parseIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::1', '::1'],
    ['FD00:EC2::254', 'fd00:ec2::254'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['::', '::'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ])('%s -> %s', (text, canonical) => {
    expect(formatIp(ip(text))).toBe(canonical)
  })

  it.each([['::ffff:10.0.0.1'], ['::ffff:a00:1'], ['0:0:0:0:0:ffff:0a00:0001'], ['::FFFF:10.0.0.1']])('takes the IPv4-mapped %s as 10.0.0.1', (text) => {
    expect(ip(text)).toEqual({ family: 4, bytes: Uint8Array.from([10, 0, 0, 1]) })
  })

  it.each([['localhost'], ['10.0.0'], ['10.0.0.256'], ['1::2::3'], [''], ['[::1]']])('refuses %j', (text) => {
    expect(parseIp(text)).toBeUndefined()
  })
})

describe('parseCidr and cidrContains', () => {
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.0.0/8', '::ffff:10.0.0.1', true],
    ['10.0.0.0/8', '::ffff:a00:1', true],
    ['::ffff:10.0.0.0/104', '10.9.9.9', true],
    ['::ffff:10.0.0.0/104', '11.0.0.0', false],
    ['192.168.1.128/25', '192.168.1.200', true],
    ['192.168.1.128/25', '192.168.1.127', false],
    ['::1/128', '::1', true],
    ['::1/128', '::2', false],
    ['fd00::/8', 'fd12:3456::1', true],
    ['fd00::/8', 'fe80::1', false],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '::1', false],
    ['::/0', '::1', true],
    ['::/0', '10.0.0.1', false],
    ['10.0.0.1', '10.0.0.1', true],
    ['10.0.0.1', '10.0.0.2', false],
  ])('%s contains %s: %s', (range, address, inside) => {
    expect(cidrContains(cidr(range), ip(address))).toBe(inside)
  })

  it('formats ranges canonically', () => {
    expect(formatCidr(cidr('::ffff:10.0.0.0/104'))).toBe('10.0.0.0/8')
    expect(formatCidr(cidr('FD00:0EC2::0254/128'))).toBe('fd00:ec2::254/128')
  })

  it.each([
    ['10.0.0.0/33', 'prefix'],
    ['10.0.0.0/x', 'prefix'],
    ['10.1.0.0/8', 'bits set'],
    ['host/8', 'not an IP'],
    ['::ffff:0:0/80', 'IPv4-mapped'],
  ])('refuses %s (%s)', (text, problem) => {
    const parsed = parseCidr(text)
    expect('problem' in parsed && parsed.problem).toContain(problem)
  })
})

describe('embeddedIpv4', () => {
  it.each([
    ['::7f00:1', 'IPv4-compatible', '127.0.0.1'],
    ['::127.0.0.1', 'IPv4-compatible', '127.0.0.1'],
    ['::a9fe:a9fe', 'IPv4-compatible', '169.254.169.254'],
    ['::0.0.0.2', 'IPv4-compatible', '0.0.0.2'],
    ['::ffff:0:a9fe:a9fe', 'IPv4-translated', '169.254.169.254'],
    ['64:ff9b::7f00:1', 'NAT64', '127.0.0.1'],
    ['64:ff9b::169.254.169.254', 'NAT64', '169.254.169.254'],
    ['2002:7f00:1::', '6to4', '127.0.0.1'],
    ['2002:a9fe:a9fe:1:2:3:4:5', '6to4', '169.254.169.254'],
  ])('%s is the %s form of %s', (text, form, ipv4) => {
    const found = embeddedIpv4(ip(text))
    expect(found?.form).toBe(form)
    expect(formatIp(found!.ipv4)).toBe(ipv4)
  })

  it.each([['::'], ['::1'], ['10.0.0.1'], ['::ffff:127.0.0.1'], ['2001:db8::7f00:1'], ['64:ff9b:1::7f00:1'], ['fe80::1'], ['2003::1']])(
    '%s carries none (the unspecified and loopback addresses are not compatible forms; mapped ones are IPv4 already)',
    (text) => {
      expect(embeddedIpv4(ip(text))).toBeUndefined()
    },
  )
})
