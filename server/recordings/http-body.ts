import type { IncomingMessage } from 'node:http'

/** The whole request body up to maxBytes; 'too-large' past it (the rest is discarded), 'aborted' if the client left. */
export function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) over = true
      if (!over) chunks.push(chunk)
    })
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)))
    req.on('aborted', () => resolve('aborted'))
    req.on('error', () => resolve('aborted'))
  })
}
