/** The recordings API as tests call it: JSON in, status and JSON (or the export's text) out. */
export interface ApiAnswer {
  readonly status: number
  readonly body: Record<string, unknown> & {
    id?: string
    state?: string
    reason?: string
    messages?: number
    sent?: number
    total?: number
    error?: string
    rule?: string
  }
  readonly text: string
}

export function recordingsApi(base: string): (path: string, json?: unknown, init?: RequestInit) => Promise<ApiAnswer> {
  return async (path, json, init = {}) => {
    const response = await fetch(base + path, {
      ...(json === undefined ? {} : { method: 'POST', body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } }),
      ...init,
    })
    const text = await response.text()
    let body: ApiAnswer['body'] = {}
    try {
      body = JSON.parse(text) as ApiAnswer['body']
    } catch {
      // An export: text, not JSON.
    }
    return { status: response.status, body, text }
  }
}

/** Polls until `check` is true; the error names what was awaited and, when given, the last state seen. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000, last: () => unknown = () => undefined): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last())}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
