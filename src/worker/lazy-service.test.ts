import { describe, expect, it } from 'vitest'
import { LazyService } from './lazy-service.ts'

/** A load the test resolves or rejects by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('LazyService', () => {
  it('loads on first use and runs the calls made meanwhile in order, then at once', async () => {
    const calls: string[] = []
    const load = deferred<{ log: string[] }>()
    let loads = 0
    const lazy = new LazyService(
      () => (loads++, load.promise),
      () => calls.push('error'),
    )
    lazy.ifUsed(() => calls.push('stop before any use'))
    expect(loads).toBe(0)
    lazy.use((s) => s.log.push('start'))
    lazy.ifUsed((s) => s.log.push('stop'))
    lazy.use((s) => s.log.push('start again'))
    expect(loads).toBe(1)
    expect(lazy.loaded).toBeUndefined()
    const service = { log: [] as string[] }
    load.resolve(service)
    await settle()
    expect(service.log).toEqual(['start', 'stop', 'start again'])
    lazy.use((s) => s.log.push('now'))
    lazy.ifUsed((s) => s.log.push('stop now'))
    expect(service.log).toEqual(['start', 'stop', 'start again', 'now', 'stop now'])
    expect(lazy.loaded).toBe(service)
    expect(loads).toBe(1)
    expect(calls).toEqual([])
  })

  it('reports a failed load and tries again on the next use', async () => {
    const errors: unknown[] = []
    const first = deferred<string[]>()
    const second = deferred<string[]>()
    const loads = [first, second]
    const lazy = new LazyService(
      () => loads.shift()!.promise,
      (error) => errors.push(error),
    )
    lazy.use((s) => s.push('lost with the failed load'))
    first.reject(new Error('chunk failed'))
    await settle()
    expect(errors).toEqual([new Error('chunk failed')])
    lazy.ifUsed((s) => s.push('nothing loading: not queued'))
    lazy.use((s) => s.push('second try'))
    const service: string[] = []
    second.resolve(service)
    await settle()
    expect(service).toEqual(['second try'])
  })
  it('tells each queued call that owes an answer, in order, when the load fails', async () => {
    const told: string[] = []
    const load = deferred<string[]>()
    const lazy = new LazyService(
      () => load.promise,
      (error) => told.push(`reported ${String(error)}`),
    )
    lazy.use(
      (s) => s.push('one'),
      (error) => told.push(`one failed: ${String(error)}`),
    )
    lazy.use((s) => s.push('no answer owed'))
    lazy.ifUsed((s) => s.push('a stop'))
    lazy.use(
      (s) => s.push('two'),
      (error) => told.push(`two failed: ${String(error)}`),
    )
    load.reject('chunk failed')
    await settle()
    expect(told).toEqual(['one failed: chunk failed', 'two failed: chunk failed', 'reported chunk failed'])
    expect(lazy.using).toBe(false)
  })
})
