import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from './logger.ts'

/** What the app build is made from (scripts/vite: the worker's MQTT.js build); any of these newer than dist/index.html means a rebuild. */
const SOURCES = ['src', 'public', 'vite.config.ts', 'scripts/vite', 'package.json', 'tsconfig.json']

/** Runs `vite build` when dist/ is missing or older than its sources (what `npm start` asks for). */
export function ensureBuild(distDir: string, logger: Logger): void {
  const projectDir = path.dirname(distDir)
  const builtAt = mtimeOf(path.join(distDir, 'index.html'))
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(projectDir, s))))
  if (builtAt !== undefined && builtAt >= newest) return

  const vite = path.join(projectDir, 'node_modules', '.bin', 'vite')
  if (!existsSync(vite)) {
    if (builtAt !== undefined) {
      logger.warn('the app build is older than src/, but vite is not installed: serving the old build')
      return
    }
    throw new Error('the app is not built and vite is not installed: run `npm install`, then `npm start`')
  }
  logger.info(builtAt === undefined ? 'building the app (first start)' : 'sources changed: rebuilding the app')
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: projectDir, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`)
}

function mtimeOf(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs
  } catch {
    return undefined
  }
}

function newestMtime(target: string): number {
  let info
  try {
    info = statSync(target)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}
