import { readFileSync } from 'node:fs'

/**
 * Reading the files flags name (--users-file, --acl-file, the TLS files): config validation reads
 * them through this, and a test passes its own.
 */
export type ReadText = (path: string) => string

export const readTextFile: ReadText = (path) => readFileSync(path, 'utf8')

/** Why a file could not be read, in words for the problem list ("no such file", "permission denied"). */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  return code ?? (error instanceof Error ? error.message : String(error))
}
