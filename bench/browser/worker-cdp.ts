import type { CDPSession } from '@playwright/test'

/**
 * Reaches the app's dedicated worker (heap, profiler). Playwright has no CDP session for workers,
 * so this attaches to it from the page's session (non-flattened) and talks through
 * Target.sendMessageToTarget.
 */
export class WorkerCdp {
  #sessionId: string | undefined
  #id = 0
  readonly #pending = new Map<number, (result: unknown) => void>()

  constructor(readonly cdp: CDPSession) {
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown }
      if (message.id !== undefined) this.#pending.get(message.id)?.(message.result ?? message.error)
    })
  }

  async attach(): Promise<boolean> {
    const attached = new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 3_000)
      this.cdp.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string } }) => {
        if (event.targetInfo.type === 'worker') {
          clearTimeout(timer)
          resolve(event.sessionId)
        }
      })
    })
    await this.cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
    this.#sessionId = await attached
    return this.#sessionId !== undefined
  }

  send(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.#id
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${method}: no answer`)), 30_000)
      this.#pending.set(id, (result) => {
        clearTimeout(timer)
        resolve(result)
      })
      void this.cdp.send('Target.sendMessageToTarget', { sessionId: this.#sessionId!, message: JSON.stringify({ id, method, params }) })
    })
  }
}
