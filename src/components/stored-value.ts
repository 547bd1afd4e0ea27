/** Small typed wrappers over localStorage for UI preferences (layout sizes, theme). */

export const UI_STORAGE_PREFIX = 'mqtt-scope/ui/'

export function readStored(key: string): string | undefined {
  try {
    return globalThis.localStorage?.getItem(UI_STORAGE_PREFIX + key) ?? undefined
  } catch {
    return undefined
  }
}

export function writeStored(key: string, value: string | undefined): void {
  try {
    if (value === undefined) globalThis.localStorage?.removeItem(UI_STORAGE_PREFIX + key)
    else globalThis.localStorage?.setItem(UI_STORAGE_PREFIX + key, value)
  } catch {
    // storage full or blocked: the preference just is not remembered
  }
}
