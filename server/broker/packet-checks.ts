import { stringBytesProblem, topicFilterBytesProblem, topicNameBytesProblem } from './wire-strings.ts'

/**
 * Checks on the body of one MQTT 3.1/3.1.1 control packet (the bytes after the fixed header), for
 * what mqtt-packet and aedes let through. Each returns a short problem or undefined. Structure that
 * mqtt-packet already refuses (a bad protocol name, reserved CONNECT flag) is left to it.
 */

/** What the guard learns from CONNECT: the protocol level, and what is wrong with it, if anything. */
export interface ConnectCheck {
  readonly level: number
  readonly problem: string | undefined
}

const CONNECT_WILL = 0x04
const CONNECT_PASSWORD = 0x40
const CONNECT_USERNAME = 0x80

/**
 * CONNECT: the client id, will topic and user name must be well-formed strings, the will topic a
 * valid topic name. Only levels 3 and 4 are read past the header: aedes 1.2 answers any other
 * level with CONNACK 0x01 and closes.
 */
export function checkConnect(body: Buffer): ConnectCheck {
  if (body.length < 2) return { level: 0, problem: 'CONNECT too short' }
  let at = 2 + body.readUInt16BE(0)
  if (at + 4 > body.length) return { level: 0, problem: 'CONNECT too short' }
  const level = body[at]!
  const flags = body[at + 1]!
  at += 4 // level, flags, keep alive
  if (level !== 3 && level !== 4) return { level, problem: undefined }

  const fail = (problem: string): ConnectCheck => ({ level, problem })
  const clientId = checkString(body, at, 'client id', stringBytesProblem)
  if (typeof clientId === 'string') return fail(clientId)
  at = clientId.end
  if (flags & CONNECT_WILL) {
    const topic = checkString(body, at, 'will topic', topicNameBytesProblem)
    if (typeof topic === 'string') return fail(topic)
    const payload = readField(body, topic.end)
    if (payload === undefined) return fail('CONNECT too short for its will message')
    at = payload.end
  }
  if (flags & CONNECT_USERNAME) {
    const username = checkString(body, at, 'user name', stringBytesProblem)
    if (typeof username === 'string') return fail(username)
    at = username.end
  }
  if (flags & CONNECT_PASSWORD && readField(body, at) === undefined) return fail('CONNECT too short for its password')
  return { level, problem: undefined }
}

/** SUBSCRIBE: a packet id other than 0 [MQTT-2.3.1-1], at least one filter [MQTT-3.8.3-3], each well-formed with QoS <= 2. */
export function checkSubscribe(body: Buffer): string | undefined {
  return checkFilterList(body, 'SUBSCRIBE')
}

/** UNSUBSCRIBE: a packet id other than 0, at least one filter [MQTT-3.10.3-2], each well-formed. */
export function checkUnsubscribe(body: Buffer): string | undefined {
  return checkFilterList(body, 'UNSUBSCRIBE')
}

/**
 * The body both share: a packet id, then topic filters up to the end. In SUBSCRIBE each filter is
 * followed by its options byte: the requested QoS in bits 0-1, the rest reserved in 3.1.1 [MQTT-3.8.3-4].
 */
function checkFilterList(body: Buffer, packet: 'SUBSCRIBE' | 'UNSUBSCRIBE'): string | undefined {
  const idProblem = packetIdProblem(body, 0)
  if (idProblem !== undefined) return idProblem
  const withOptions = packet === 'SUBSCRIBE'
  let at = 2
  let filters = 0
  while (at < body.length) {
    const filter = readField(body, at)
    if (filter === undefined || (withOptions && filter.end >= body.length)) return `${packet} cut inside a topic filter`
    const problem = topicFilterBytesProblem(body, filter.start, filter.end)
    if (problem !== undefined) return problem
    at = filter.end
    if (withOptions) {
      if (body[at]! > 2) return 'SUBSCRIBE with QoS 3 or reserved option bits'
      at++
    }
    filters++
  }
  return filters === 0 ? `${packet} without a topic filter` : undefined
}

/** The two-byte packet identifier at `at`: present and not 0 [MQTT-2.3.1-1]. */
export function packetIdProblem(body: Buffer, at: number): string | undefined {
  if (at + 2 > body.length) return 'packet too short for its packet id'
  return body.readUInt16BE(at) === 0 ? 'packet id 0' : undefined
}

/** A CONNECT string field at `at` that `check` accepts: where it ends, or the problem, named after `field`. */
function checkString(
  body: Buffer,
  at: number,
  field: string,
  check: (bytes: Buffer, start: number, end: number) => string | undefined,
): { end: number } | string {
  const found = readField(body, at)
  if (found === undefined) return `CONNECT too short for its ${field}`
  const problem = check(body, found.start, found.end)
  return problem === undefined ? { end: found.end } : `${field}: ${problem}`
}

/** A length-prefixed field (string or binary data) at `at`, or undefined when it runs past the end. */
function readField(body: Buffer, at: number): { start: number; end: number } | undefined {
  if (at + 2 > body.length) return undefined
  const start = at + 2
  const end = start + body.readUInt16BE(at)
  return end > body.length ? undefined : { start, end }
}
