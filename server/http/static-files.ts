import { createReadStream, type Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { CONTENT_SECURITY_POLICY } from './security-headers.ts'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

/** Vite puts content-hashed files here; their name changes with their content, so cache forever. */
const HASHED_DIR = '/assets/'

export type StaticResult = 'served' | 'not-found' | 'forbidden' | 'bad-request'

/**
 * Resolves a request path inside `root` and refuses anything that would leave it: `..` segments
 * (plain or percent-encoded, with either slash), NUL bytes and malformed escapes. A path without a
 * file extension that matches no file is an app route and gets index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): { file: string; fallback: boolean } | StaticResult {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return 'bad-request'
  }
  if (decoded.includes('\0')) return 'bad-request'
  const segments = decoded.split(/[\\/]+/)
  if (segments.some((s) => s === '..')) return 'forbidden'
  const file = path.resolve(root, '.' + path.posix.normalize('/' + segments.filter(Boolean).join('/')))
  if (file !== root && !file.startsWith(root + path.sep)) return 'forbidden'
  return { file, fallback: path.extname(decoded) === '' }
}

export function createStaticHandler(rootDir: string) {
  const root = path.resolve(rootDir)
  const index = path.join(root, 'index.html')

  return async function serveStatic(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<StaticResult> {
    const resolved = resolveStaticPath(root, urlPath)
    if (typeof resolved === 'string') return resolved
    let file = resolved.file
    let info = await statFile(file)
    if (info === undefined && resolved.fallback) {
      file = index
      info = await statFile(file)
    }
    if (info === undefined) return 'not-found'

    const ext = path.extname(file).toLowerCase()
    const type = CONTENT_TYPES[ext] ?? 'application/octet-stream'
    res.statusCode = 200
    res.setHeader('Content-Type', type)
    res.setHeader('Content-Length', info.size)
    res.setHeader('Last-Modified', info.mtime.toUTCString())
    res.setHeader('Cache-Control', urlPath.startsWith(HASHED_DIR) && file !== index ? 'public, max-age=31536000, immutable' : 'no-cache')
    // Every document, not only index.html: any HTML (or SVG, opened on its own) page served from
    // this origin could run scripts.
    if (type.startsWith('text/html') || type === 'image/svg+xml') res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    if (req.method === 'HEAD') {
      res.end()
      return 'served'
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file)
      stream.on('error', () => {
        res.destroy()
        resolve()
      })
      res.on('close', () => {
        stream.destroy()
        resolve()
      })
      stream.pipe(res)
    })
    return 'served'
  }
}

async function statFile(file: string): Promise<Stats | undefined> {
  try {
    const info = await stat(file)
    return info.isFile() ? info : undefined
  } catch {
    return undefined
  }
}
