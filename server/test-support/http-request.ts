import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { withTimeout } from './timeout.ts'

export interface RawResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/**
 * One HTTP request with the path sent exactly as given. `fetch` (and `new URL`) would resolve `..`
 * and re-encode escapes before the server ever saw them, which defeats path traversal tests.
 */
export function httpRequest(port: number, path: string, method = 'GET'): Promise<RawResponse> {
  const done = new Promise<RawResponse>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
  return withTimeout(done, 5_000, `${method} ${path}`)
}

/**
 * Writes `head` (a request line and headers, CRLF-separated, without the final blank line) to a
 * bare TCP socket and returns everything the server sends until it closes the connection. For
 * request lines that `http.request` refuses to send.
 */
export function rawHttp(port: number, head: string): Promise<string> {
  const done = new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(`${head}\r\nConnection: close\r\n\r\n`)
    })
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.on('error', reject)
  })
  return withTimeout(done, 5_000, `raw request ${head.split('\r\n')[0]}`)
}

/** The status code of a raw HTTP response text, or 0 if there is none. */
export function statusOf(response: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0)
}
