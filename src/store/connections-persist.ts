/** Where the list of open connections is kept between page loads (profiles, not messages). */
export const CONNECTIONS_KEY = 'mqtt-scope/connections'

export interface StoredConnections {
  /** Left to right; `primary` is the first connection, whose store holds the settings. */
  readonly tabs: readonly { readonly primary: boolean; readonly profileId: string }[]
  readonly active: number
  readonly sideBySide: boolean
}

/** At most this many tabs are read back, whatever storage holds. */
const MAX_STORED_TABS = 10

/** The stored list, checked field by field (storage may hold anything); undefined when there is none. */
export function readOpenConnections(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): StoredConnections | undefined {
  let raw: unknown
  try {
    raw = JSON.parse(storage?.getItem(CONNECTIONS_KEY) ?? 'null')
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null) return undefined
  const value = raw as Record<string, unknown>
  if (!Array.isArray(value.tabs)) return undefined
  const tabs = (value.tabs as unknown[])
    .flatMap((t) => {
      if (typeof t !== 'object' || t === null) return []
      const { primary, profileId } = t as Record<string, unknown>
      return typeof profileId === 'string' && profileId !== '' ? [{ primary: primary === true, profileId }] : []
    })
    .slice(0, MAX_STORED_TABS)
  // One first connection at most.
  const firstPrimary = tabs.findIndex((t) => t.primary)
  const checked = tabs.map((t, i) => ({ ...t, primary: t.primary && i === firstPrimary }))
  if (checked.length === 0) return undefined
  const active = typeof value.active === 'number' && Number.isInteger(value.active) && value.active >= 0 ? Math.min(value.active, checked.length - 1) : 0
  return { tabs: checked, active, sideBySide: value.sideBySide === true }
}

export function writeOpenConnections(stored: StoredConnections, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(CONNECTIONS_KEY, JSON.stringify(stored))
  } catch {
    // Storage full or refused: the tabs are simply not restored next time.
  }
}
