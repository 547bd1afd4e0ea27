import type { PersistStorage, StorageValue } from 'zustand/middleware'

/**
 * A zustand persist storage over localStorage that keeps some big fields under keys of their own
 * (`<name>/<field>`) and writes each only when its value changed (by reference).
 *
 * Why: persist writes the whole partialized state on every `set`, and the worker's batches arrive
 * about ten times a second; publish history and saved messages can hold megabytes, which must not
 * be serialized on every batch. The small fields are written only when their text changed (a
 * localStorage write per batch was ~1 % of the page's main thread at 50,000 msg/s, issue 18). The small fields stay under `<name>` as before, so existing stored
 * settings keep working.
 */
export function splitStorage<S extends object>(
  fields: readonly (keyof S & string)[],
  storage: () => Storage | undefined = () => globalThis.localStorage,
): PersistStorage<S> {
  const written = new Map<string, unknown>()
  /** The text last written under `<name>`: batches change no setting, so most writes would repeat it. */
  let mainText: string | undefined
  /** `text` is what to store as is; without it, `value` as JSON (undefined: the key removed). */
  const write = (key: string, value: unknown, text?: string): boolean => {
    try {
      if (text !== undefined) storage()?.setItem(key, text)
      else if (value === undefined) storage()?.removeItem(key)
      else storage()?.setItem(key, JSON.stringify(value))
      return true
    } catch (error) {
      // Storage full or blocked: the state still works in this tab, it is just not remembered.
      console.warn(`mqtt-scope: could not store ${key}`, error)
      return false
    }
  }
  const read = (key: string): unknown => {
    try {
      const text = storage()?.getItem(key)
      return text == null ? undefined : JSON.parse(text)
    } catch {
      return undefined
    }
  }
  return {
    getItem(name) {
      const main = read(name) as StorageValue<S> | undefined
      const state: Record<string, unknown> = { ...(main?.state ?? {}) }
      let found = main !== undefined
      for (const field of fields) {
        const value = read(`${name}/${field}`)
        if (value === undefined) continue
        state[field] = value
        written.set(field, value)
        found = true
      }
      return found ? { state: state as S, ...(main?.version !== undefined ? { version: main.version } : {}) } : null
    },
    setItem(name, value) {
      const rest: Record<string, unknown> = { ...(value.state as Record<string, unknown>) }
      for (const field of fields) {
        const part = rest[field]
        delete rest[field]
        if (written.has(field) && written.get(field) === part) continue
        written.set(field, part)
        write(`${name}/${field}`, part)
      }
      // Still serialized on every set (the small fields), but written only when the text changed.
      const text = JSON.stringify({ state: rest, version: value.version })
      if (text === mainText) return
      mainText = write(name, undefined, text) ? text : undefined
    },
    removeItem(name) {
      const target = storage()
      target?.removeItem(name)
      for (const field of fields) target?.removeItem(`${name}/${field}`)
      written.clear()
      mainText = undefined
    },
  }
}
