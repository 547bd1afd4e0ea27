import { isIPv4, isIPv6 } from 'node:net'

/**
 * IP addresses and CIDR ranges as bytes, for the bridge policy. An IPv4-mapped IPv6 address
 * (::ffff:10.0.0.1, ::ffff:a00:1) is the IPv4 address it carries: a socket connected to it
 * reaches that IPv4 host, so a rule about 10.0.0.0/8 must see it as 10.0.0.1.
 */
export interface IpAddress {
  readonly family: 4 | 6
  readonly bytes: Uint8Array
}

export interface Cidr {
  readonly family: 4 | 6
  readonly bytes: Uint8Array
  readonly prefix: number
}

/** The address, normalized (mapped IPv6 -> IPv4), or undefined when `text` is not an IP literal. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, bytes: Uint8Array.from(text.split('.').map(Number)) }
  if (!isIPv6(text)) return undefined
  const bytes = ipv6Bytes(text)
  return isMapped(bytes) ? { family: 4, bytes: bytes.slice(12) } : { family: 6, bytes }
}

/** How an IPv6 address carries an IPv4 one (the IPv4-mapped form is parsed as IPv4 itself). */
export type Ipv4Embedding = 'IPv4-compatible' | 'IPv4-translated' | 'NAT64' | '6to4'

/**
 * The IPv4 address an IPv6 address carries, or undefined. A connection to one of these can end
 * at that IPv4 host (through a NAT64 gateway, a 6to4 relay, an SIIT translator or a stack that
 * still routes the deprecated compatible form), so a rule about an IPv4 range must see it:
 * - IPv4-compatible ::a.b.c.d (::/96), except :: and ::1, which are the unspecified and loopback
 *   addresses, not embeddings [RFC 4291 2.5.5.1];
 * - IPv4-translated ::ffff:0:a.b.c.d (::ffff:0:0/96) [RFC 2765];
 * - NAT64 64:ff9b::a.b.c.d (64:ff9b::/96) [RFC 6052];
 * - 6to4 2002:AABB:CCDD::/48, the IPv4 address in bits 16-47 [RFC 3056].
 */
export function embeddedIpv4(address: IpAddress): { readonly ipv4: IpAddress; readonly form: Ipv4Embedding } | undefined {
  if (address.family !== 6) return undefined
  const b = address.bytes
  const zeroUntil = (end: number) => b.subarray(0, end).every((byte) => byte === 0)
  const last4 = (): IpAddress => ({ family: 4, bytes: b.slice(12, 16) })
  if (zeroUntil(12)) {
    const isUnspecifiedOrLoopback = b[12] === 0 && b[13] === 0 && b[14] === 0 && (b[15] === 0 || b[15] === 1)
    return isUnspecifiedOrLoopback ? undefined : { ipv4: last4(), form: 'IPv4-compatible' }
  }
  if (zeroUntil(8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return { ipv4: last4(), form: 'IPv4-translated' }
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((byte) => byte === 0)) return { ipv4: last4(), form: 'NAT64' }
  if (b[0] === 0x20 && b[1] === 0x02) return { ipv4: { family: 4, bytes: b.slice(2, 6) }, form: '6to4' }
  return undefined
}

/**
 * `10.0.0.0/8`, `::1/128`, `::ffff:10.0.0.0/104` (the same as 10.0.0.0/8) or a bare address (a
 * range of one). Bits past the prefix must be zero, so a typo like 10.1.0.0/8 is caught.
 */
export function parseCidr(text: string): Cidr | { problem: string } {
  const slash = text.indexOf('/')
  const addressText = slash === -1 ? text : text.slice(0, slash)
  const address = isIPv4(addressText) || isIPv6(addressText) ? parseIp(addressText) : undefined
  if (address === undefined) return { problem: `"${addressText}" is not an IP address` }
  const rawBits = isIPv4(addressText) ? 32 : 128
  let prefix = rawBits
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > rawBits) return { problem: `"/${prefixText}" is not a prefix length (0-${rawBits})` }
    prefix = Number(prefixText)
  }
  // An IPv6 range inside ::ffff:0:0/96 is about IPv4 addresses; below /96 it spans more than them.
  if (address.family === 4 && rawBits === 128) {
    if (prefix < 96) return { problem: `${text} mixes IPv4-mapped and other IPv6 addresses: use an IPv4 range` }
    prefix -= 96
  }
  if (!hostBitsZero(address.bytes, prefix)) return { problem: `${text} has bits set past /${slash === -1 ? rawBits : text.slice(slash + 1)}` }
  return { family: address.family, bytes: address.bytes, prefix }
}

export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.family !== address.family) return false
  const full = cidr.prefix >> 3
  for (let i = 0; i < full; i++) if (cidr.bytes[i] !== address.bytes[i]) return false
  const rest = cidr.prefix & 7
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return (cidr.bytes[full]! & mask) === (address.bytes[full]! & mask)
}

/** The canonical text: dotted IPv4, compressed lower-case IPv6 (RFC 5952). */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) return [...address.bytes].join('.')
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push((address.bytes[i]! << 8) | address.bytes[i + 1]!)
  // The longest run of two or more zero groups becomes "::" (the first such run on a tie).
  let bestAt = -1
  let bestLength = 1
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestAt = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestAt === -1) return hex.join(':')
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLength).join(':')}`
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr)}/${cidr.prefix}`
}

function ipv6Bytes(text: string): Uint8Array {
  let source = text
  // A dotted IPv4 tail (::ffff:1.2.3.4) is two groups.
  const lastColon = source.lastIndexOf(':')
  const tail = source.slice(lastColon + 1)
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number]
    source = `${source.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [headText, tailText] = source.includes('::') ? (source.split('::') as [string, string]) : [source, undefined]
  const head = headText === '' ? [] : headText.split(':')
  const rest = tailText === undefined || tailText === '' ? [] : tailText.split(':')
  const groups = [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest]
  const bytes = new Uint8Array(16)
  groups.forEach((group, i) => {
    const value = parseInt(group, 16)
    bytes[i * 2] = value >> 8
    bytes[i * 2 + 1] = value & 0xff
  })
  return bytes
}

function isMapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false
  return bytes[10] === 0xff && bytes[11] === 0xff
}

function hostBitsZero(bytes: Uint8Array, prefix: number): boolean {
  for (let bit = prefix; bit < bytes.length * 8; bit++) {
    if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) return false
  }
  return true
}
