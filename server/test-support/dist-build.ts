import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_DIR } from './start-server.ts'

export const DIST_DIR = path.join(PROJECT_DIR, 'dist')

/** Builds the app with vite when dist/index.html is missing, so the static file tests have files to serve. */
export function ensureDistBuilt(): void {
  if (existsSync(path.join(DIST_DIR, 'index.html'))) return
  const vite = path.join(PROJECT_DIR, 'node_modules', '.bin', 'vite')
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: PROJECT_DIR, encoding: 'utf8', timeout: 120_000 })
  if (result.status !== 0) throw new Error(`vite build failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`)
}
