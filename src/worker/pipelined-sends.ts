/**
 * Sends every item with at most `concurrency` in flight, in order of starting; each send that has
 * not settled after `timeoutMs` fails with "<timeoutText> within N s" (MQTT.js never settles a QoS > 0
 * publish if the socket closes). `settled` hears each outcome as it comes: undefined, or the error.
 */
export async function sendPipelined<T>(
  items: readonly T[],
  send: (item: T) => Promise<void>,
  limits: { readonly concurrency: number; readonly timeoutMs: number },
  timeoutText: string,
  settled: (item: T, error: unknown) => void,
): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!
      try {
        await withTimeout(send(item), limits.timeoutMs, timeoutText)
        settled(item, undefined)
      } catch (error) {
        settled(item, error ?? new Error('failed'))
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limits.concurrency, items.length)) }, lane))
}

function withTimeout(promise: Promise<void>, ms: number, text: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${text} within ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
