import { apiErrorText, importErrorLine } from '@/model/recording-list.ts'

/** One answer of the recordings API: the JSON (or, for an export, the body as a Blob) or the refusal. */
export type ApiAnswer =
  | { readonly ok: true; readonly status: number; readonly json: unknown }
  | { readonly ok: false; readonly status: number; readonly error: string; readonly line?: number | undefined }

/** The page's own server: the recordings live there. */
function serverOrigin(): string {
  return globalThis.location?.origin ?? 'http://127.0.0.1:8080'
}

/**
 * Calls /api/recordings or /api/replays on the page's server with the access token as the bridge
 * sends it (Authorization: Bearer) when there is one. Never throws: a network failure is an answer
 * with status 0.
 */
export async function callRecordingsApi(path: string, token: string, init: { method?: string; json?: unknown; body?: Blob } = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = token === '' ? {} : { Authorization: `Bearer ${token}` }
  if (init.json !== undefined) headers['Content-Type'] = 'application/json'
  if (init.body !== undefined) headers['Content-Type'] = 'application/x-ndjson'
  let response: Response
  try {
    response = await fetch(serverOrigin() + path, {
      method: init.method ?? (init.json === undefined && init.body === undefined ? 'GET' : 'POST'),
      headers,
      cache: 'no-store',
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      ...(init.body === undefined ? {} : { body: init.body }),
    })
  } catch (error) {
    return { ok: false, status: 0, error: `cannot reach the server: ${error instanceof Error ? error.message : String(error)}` }
  }
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok) return { ok: true, status: response.status, json }
  return { ok: false, status: response.status, error: apiErrorText(response.status, json), line: importErrorLine(json) }
}

/**
 * An export as a Blob: fetched with the token (a plain link could not send it), kept whole in the
 * page's memory until it is saved.
 */
export async function fetchExport(path: string, token: string): Promise<{ blob: Blob } | { status: number; error: string }> {
  try {
    const response = await fetch(serverOrigin() + path, { headers: token === '' ? {} : { Authorization: `Bearer ${token}` }, cache: 'no-store' })
    if (!response.ok) return { status: response.status, error: apiErrorText(response.status, await response.json().catch(() => undefined)) }
    return { blob: await response.blob() }
  } catch (error) {
    return { status: 0, error: `the export failed: ${error instanceof Error ? error.message : String(error)}` }
  }
}
