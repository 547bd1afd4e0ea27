/**
 * The slice of lru-cache's LRUCache that MQTT.js's topic-alias-send.ts uses (get, set, clear,
 * size, keys most recent first), over a Map: the worker build aliases `lru-cache` here instead of
 * bundling all of lru-cache (see scripts/vite/mqtt-worker.ts).
 */
export class LRUCache<K, V> {
  readonly #max: number
  readonly #entries = new Map<K, V>()

  constructor(options: { readonly max: number }) {
    this.#max = options.max
  }

  get size(): number {
    return this.#entries.size
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined
    const value = this.#entries.get(key) as V
    this.#entries.delete(key)
    this.#entries.set(key, value)
    return value
  }

  /** Stores the value as the most recently used, dropping the least recently used past max. */
  set(key: K, value: V): this {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as K)
    return this
  }

  has(key: K): boolean {
    return this.#entries.has(key)
  }

  delete(key: K): boolean {
    return this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }

  /** Most recently used first, as lru-cache orders them. */
  *keys(): Generator<K> {
    yield* [...this.#entries.keys()].reverse()
  }
}
