import type { PersistStorage, StorageValue } from 'zustand/middleware'
import { whenIdle } from '@/model/when-idle.ts'

/**
 * A zustand persist storage over localStorage that keeps some big fields under keys of their own
 * (`<name>/<field>`) and writes each only when its value changed (by reference).
 *
 * Why: persist writes the whole partialized state on every `set`, and the worker's batches arrive
 * about ten times a second; publish history and saved messages can hold megabytes, which must not
 * be serialized on every batch. The small fields are written only when their text changed (a
 * localStorage write per batch was ~1 % of the page's main thread at 50,000 msg/s, issue 18). The small fields stay under `<name>` as before, so existing stored
 * settings keep working.
 *
 * A `deferred` field is not written on the change but once per burst of changes, later (`schedule`:
 * when the page is idle, within a second), with the last value of the burst: a click that changes
 * it (a chart series hidden) does not pay for the write. It is never lost: the write also happens
 * when the page is hidden or left (pagehide, visibilitychange), before the state is read back, and
 * on `flush()`.
 */
export function splitStorage<S extends object>(
  fields: readonly (keyof S & string)[],
  storage: () => Storage | undefined = () => globalThis.localStorage,
  options: SplitStorageOptions<S> = {},
): SplitStorage<S> {
  const deferred = new Set<string>(options.deferred ?? [])
  const schedule = options.schedule ?? whenIdle
  /** Each field's value last handed over: written, or pending (deferred). */
  const written = new Map<string, unknown>()
  /** Deferred fields changed since the last flush, with their latest values, and the name they go under. */
  const pending = new Map<string, unknown>()
  let pendingName = ''
  let scheduled = false
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
  const flush = () => {
    scheduled = false
    for (const [field, value] of pending) write(`${pendingName}/${field}`, value)
    pending.clear()
  }
  if (deferred.size > 0) onLeave(options.leaving ?? defaultLeaving(), flush)
  return {
    flush,
    getItem(name) {
      flush()
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
        if (!deferred.has(field)) {
          write(`${name}/${field}`, part)
          continue
        }
        if (pendingName !== name) flush()
        pendingName = name
        pending.set(field, part)
        if (!scheduled) {
          scheduled = true
          schedule(flush)
        }
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
      pending.clear()
      mainText = undefined
    },
  }
}

export interface SplitStorageOptions<S> {
  /** Fields (of `fields`) written once per burst of changes, later, not on each change. */
  readonly deferred?: readonly (keyof S & string)[]
  /** Runs the deferred writes later (default: when the page is idle, within a second). */
  readonly schedule?: (flush: () => void) => void
  /** Where the page going away is heard (default: the window and the document, when there are). */
  readonly leaving?: Leaving
}

export interface SplitStorage<S> extends PersistStorage<S> {
  /** Writes the deferred fields' pending changes now. */
  flush(): void
}

/** The events that say the page may not come back: pagehide on the window, visibilitychange on the document. */
export interface Leaving {
  readonly window?: Pick<EventTarget, 'addEventListener'>
  readonly document?: Pick<EventTarget, 'addEventListener'> & { readonly visibilityState: string }
}

function defaultLeaving(): Leaving {
  return {
    ...(typeof window !== 'undefined' ? { window } : {}),
    ...(typeof document !== 'undefined' ? { document } : {}),
  }
}

function onLeave(leaving: Leaving, flush: () => void): void {
  leaving.window?.addEventListener('pagehide', flush)
  const doc = leaving.document
  doc?.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') flush()
  })
}
