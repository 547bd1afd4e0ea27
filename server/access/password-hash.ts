import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashes for the users file: scrypt (RFC 7914) with a random salt per user, its cost
 * parameters kept in the stored string so they can be raised later without breaking old entries:
 *
 *   $scrypt$N=16384,r=8,p=1$<salt, base64>$<derived key, base64>
 *
 * N=2^14, r=8 costs 16 MiB and a few tens of milliseconds per check, in libuv's thread pool (the
 * async scrypt), never on the event loop.
 */
export const DEFAULT_SCRYPT = Object.freeze({ N: 16_384, r: 8, p: 1 })

const SALT_BYTES = 16
const KEY_BYTES = 32
const PREFIX = '$scrypt$'
/** Bounds on what a stored string may ask for, so an edited file cannot make one check take the machine. */
const MAX_N = 1 << 20
const MAX_R = 32
const MAX_P = 16
const MAX_KEY_BYTES = 128

export interface ScryptParameters {
  readonly N: number
  readonly r: number
  readonly p: number
}

interface ParsedHash {
  readonly params: ScryptParameters
  readonly salt: Buffer
  readonly key: Buffer
}

export async function hashPassword(password: string | Buffer, params: ScryptParameters = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, KEY_BYTES, params)
  return `${PREFIX}N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Whether `password` is the one `stored` was made from; constant time in the derived key. */
export async function verifyPassword(password: string | Buffer, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (typeof parsed === 'string') return false
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.params)
  return timingSafeEqual(key, parsed.key)
}

/** Why `stored` is not a hash this module can check, or undefined when it is one. */
export function hashProblem(stored: string): string | undefined {
  const parsed = parseHash(stored)
  return typeof parsed === 'string' ? parsed : undefined
}

function parseHash(stored: string): ParsedHash | string {
  if (!stored.startsWith(PREFIX)) return 'not a $scrypt$ hash (make one with: mqtt-scope user add <name>)'
  const parts = stored.slice(PREFIX.length).split('$')
  if (parts.length !== 3) return 'a $scrypt$ hash has three parts: parameters, salt and key'
  const [paramText, saltText, keyText] = parts as [string, string, string]
  const params = parseParameters(paramText)
  if (typeof params === 'string') return params
  const salt = decodeBase64(saltText)
  const key = decodeBase64(keyText)
  if (salt === undefined || salt.length < 8) return 'the salt is not base64 of at least 8 bytes'
  if (key === undefined || key.length < 16 || key.length > MAX_KEY_BYTES) return `the key is not base64 of 16 to ${MAX_KEY_BYTES} bytes`
  return { params, salt, key }
}

function parseParameters(text: string): ScryptParameters | string {
  const values = new Map<string, number>()
  for (const item of text.split(',')) {
    const match = /^(N|r|p)=(\d{1,8})$/.exec(item)
    if (match === null) return `bad scrypt parameter "${item}" (expected N=..,r=..,p=..)`
    values.set(match[1]!, Number(match[2]))
  }
  const N = values.get('N')
  const r = values.get('r')
  const p = values.get('p')
  if (N === undefined || r === undefined || p === undefined) return 'the scrypt parameters need N, r and p'
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return `scrypt N must be a power of two up to ${MAX_N}`
  if (r < 1 || r > MAX_R) return `scrypt r must be 1 to ${MAX_R}`
  if (p < 1 || p > MAX_P) return `scrypt p must be 1 to ${MAX_P}`
  return { N, r, p }
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined
  return Buffer.from(text, 'base64')
}

function derive(password: string | Buffer, salt: Buffer, keyBytes: number, { N, r, p }: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; node refuses above maxmem (32 MiB by default).
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}
