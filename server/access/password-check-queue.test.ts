import { describe, expect, it } from 'vitest'
import { PasswordCheckQueue } from './password-check-queue.ts'

/** A task that records when it starts and finishes when `release` is called. */
function gated(log: string[], name: string) {
  let release!: () => void
  const done = new Promise<void>((resolve) => (release = resolve))
  return {
    task: async () => {
      log.push(name)
      await done
      return name
    },
    release: () => release(),
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('PasswordCheckQueue', () => {
  it('serves waiting addresses in turn, so a long line from one address does not hold up another', async () => {
    const queue = new PasswordCheckQueue(1, 100)
    const started: string[] = []
    const flood = Array.from({ length: 6 }, (_, i) => gated(started, `flood-${i}`))
    const runs = flood.map((f) => queue.run('10.0.0.1', f.task)!)
    const user = gated(started, 'user')
    const userRun = queue.run('10.0.0.2', user.task)
    await turn()
    expect(started).toEqual(['flood-0'])
    expect(queue.waiting).toBe(6)
    flood[0]!.release()
    await turn()
    // The user's check is next, not seventh.
    expect(started).toEqual(['flood-0', 'user'])
    user.release()
    expect(await userRun).toBe('user')
    for (const f of flood) f.release()
    expect(await Promise.all(runs)).toEqual(flood.map((_, i) => `flood-${i}`))
    expect(started.slice(2)).toEqual(['flood-1', 'flood-2', 'flood-3', 'flood-4', 'flood-5'])
  })

  it('runs `concurrency` at once, alternates between addresses and keeps each address in its own order', async () => {
    const queue = new PasswordCheckQueue(2, 100)
    const started: string[] = []
    const tasks = ['a1', 'a2', 'a3', 'b1', 'a4', 'b2'].map((name) => ({ name, ...gated(started, name) }))
    const runs = tasks.map((t) => queue.run(t.name[0]!, t.task)!)
    await turn()
    expect(started).toEqual(['a1', 'a2'])
    for (const t of tasks) {
      t.release()
      await turn()
    }
    await Promise.all(runs)
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3', 'b2', 'a4'])
  })

  it('answers undefined past `limit` waiting, and a failed check frees its slot', async () => {
    const queue = new PasswordCheckQueue(1, 2)
    const started: string[] = []
    const first = queue.run('x', async () => {
      started.push('fails')
      throw new Error('scrypt failed')
    })
    const second = gated(started, 'second')
    const secondRun = queue.run('y', second.task)
    const third = queue.run('z', async () => 'third')
    expect(queue.run('w', async () => 'too many')).toBeUndefined()
    await expect(first).rejects.toThrow('scrypt failed')
    await turn()
    expect(started).toEqual(['fails', 'second'])
    second.release()
    expect(await secondRun).toBe('second')
    expect(await third).toBe('third')
    expect(queue.waiting).toBe(0)
    expect(await queue.run('w', async () => 'room again')).toBe('room again')
  })
})
