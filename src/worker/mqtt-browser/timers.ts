/**
 * worker-timers runs intervals in a worker of its own so a background tab does not throttle them.
 * MQTT.js picks it only on a page's main thread: in a worker (ours) it uses setInterval. The worker
 * build aliases `worker-timers` here (see scripts/vite/mqtt-worker.ts) so the unused one is not bundled.
 */
export const setInterval = (callback: () => void, ms: number): number => globalThis.setInterval(callback, ms) as unknown as number
export const clearInterval = (id: number): void => globalThis.clearInterval(id)
export const setTimeout = (callback: () => void, ms: number): number => globalThis.setTimeout(callback, ms) as unknown as number
export const clearTimeout = (id: number): void => globalThis.clearTimeout(id)
