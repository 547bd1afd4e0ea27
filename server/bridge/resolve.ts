import { lookup as dnsLookup } from 'node:dns'
import { addressOf } from './policy.ts'
import type { IpAddress } from './ip-address.ts'
import type { Target } from './target.ts'

/** dns.lookup with all: true, as a promise; injectable so tests can make a name resolve anywhere. */
export type Lookup = (host: string) => Promise<ReadonlyArray<{ address: string }>>

export const systemLookup: Lookup = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)))
  })

export type Resolution = { readonly addresses: readonly IpAddress[] } | { readonly failure: string }

/**
 * Every address the target's name resolves to (an IP literal is its own), in the resolver's
 * order, without duplicates. A failure is the text the page shows: "DNS failure: ENOTFOUND host".
 */
export async function resolveTarget(target: Target, lookup: Lookup): Promise<Resolution> {
  if (target.ip !== undefined) return { addresses: [target.ip] }
  try {
    const found = await lookup(target.host)
    const seen = new Set<string>()
    const addresses: IpAddress[] = []
    for (const { address } of found) {
      const ip = addressOf(address)
      const key = `${ip.family}:${ip.bytes.join('.')}`
      if (seen.has(key)) continue
      seen.add(key)
      addresses.push(ip)
    }
    if (addresses.length === 0) return { failure: `DNS failure: no address for ${target.host}` }
    return { addresses }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return { failure: `DNS failure: ${code} ${target.host}` }
  }
}

/** resolveTarget, or 'timeout' once `deadline` (a Date.now() value) passes first. */
export async function resolveBefore(target: Target, lookup: Lookup, deadline: number): Promise<Resolution | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))
  })
  try {
    return await Promise.race([resolveTarget(target, lookup), timeout])
  } finally {
    clearTimeout(timer)
  }
}
