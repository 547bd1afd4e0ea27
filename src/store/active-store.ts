import { createContext, useContext } from 'react'
import { useStore, type StoreApi } from 'zustand'

/**
 * A zustand hook over several stores of the same shape, one per open connection. Components read
 * the store of the nearest StoreScope (the side-by-side pane of another connection), else the
 * active connection's; code outside React (`getState`, `setState`, `subscribe`) always means the
 * active connection. Listeners move with the active store: a subscriber hears the newly active
 * connection's state at once when the tab changes.
 */
export interface ScopedStoreHook<T> {
  (): T
  <U>(selector: (state: T) => U): U
  getState(): T
  setState: StoreApi<T>['setState']
  subscribe(listener: (state: T, previous: T) => void): () => void
  /** The store that getState, setState, subscribe and unscoped hooks use from now on. */
  activate(store: StoreApi<T>): void
  activeStore(): StoreApi<T>
}

export function scopedStoreHook<T>(first: StoreApi<T>): {
  hook: ScopedStoreHook<T>
  Scope: React.Context<StoreApi<T> | null>
  useStoreApi: () => StoreApi<T>
} {
  const Scope = createContext<StoreApi<T> | null>(null)
  const listeners = new Set<(state: T, previous: T) => void>()
  let active = first
  const forward = (state: T, previous: T) => {
    for (const listener of [...listeners]) listener(state, previous)
  }
  let unsubscribe = active.subscribe(forward)

  function useScoped(): T
  function useScoped<U>(selector: (state: T) => U): U
  function useScoped<U>(selector?: (state: T) => U): T | U {
    const store = useContext(Scope) ?? active
    return useStore<StoreApi<T>, T | U>(store, selector ?? ((state: T) => state))
  }
  const hook: ScopedStoreHook<T> = Object.assign(useScoped, {
    getState: () => active.getState(),
    setState: ((...args: Parameters<StoreApi<T>['setState']>) => active.setState(...args)) as StoreApi<T>['setState'],
    subscribe(listener: (state: T, previous: T) => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    activate(store: StoreApi<T>) {
      if (store === active) return
      const previous = active.getState()
      unsubscribe()
      active = store
      unsubscribe = active.subscribe(forward)
      forward(active.getState(), previous)
    },
    activeStore: () => active,
  })
  return { hook, Scope, useStoreApi: () => useContext(Scope) ?? active }
}
