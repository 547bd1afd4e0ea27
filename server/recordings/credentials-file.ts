import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TlsRequest } from './tls-request.ts'

export interface RememberedCredentials {
  readonly username?: string
  readonly password?: string
  /** TLS material from the profile (ca, cert, key, servername, rejectUnauthorized): secrets too. */
  readonly tls?: TlsRequest
}

/**
 * Credentials a recording needs to resume after a restart, kept only when the user ticked
 * "remember": one JSON file in the data folder, mode 0600 (readable by the server's user only),
 * written to a temporary file and renamed so a crash never leaves half a file.
 */
export class CredentialsFile {
  readonly #path: string | undefined
  #entries: Record<string, RememberedCredentials>

  /** dataDir undefined (--memory): remembered only while the server runs. */
  constructor(dataDir: string | undefined) {
    this.#path = dataDir === undefined ? undefined : join(dataDir, 'recording-credentials.json')
    this.#entries =
      this.#path !== undefined && existsSync(this.#path) ? (JSON.parse(readFileSync(this.#path, 'utf8')) as Record<string, RememberedCredentials>) : {}
  }

  get(id: string): RememberedCredentials | undefined {
    return this.#entries[id]
  }

  set(id: string, credentials: RememberedCredentials): void {
    this.#entries = { ...this.#entries, [id]: credentials }
    this.#save()
  }

  delete(id: string): void {
    if (!(id in this.#entries)) return
    const { [id]: _gone, ...rest } = this.#entries
    this.#entries = rest
    this.#save()
  }

  #save(): void {
    if (this.#path === undefined) return
    const temporary = `${this.#path}.tmp`
    writeFileSync(temporary, JSON.stringify(this.#entries), { mode: 0o600 })
    renameSync(temporary, this.#path)
  }
}
