import type { ChildProcess } from 'node:child_process'

/** How long a child gets to exit on SIGTERM before it gets SIGKILL. */
const STOP_GRACE_MS = 3_000

const running = new Set<ChildProcess>()

/** Remembers a child this benchmark started, so `stopChild`/`stopAllChildren` can end it by pid. */
export function trackChild(child: ChildProcess): ChildProcess {
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

/** SIGTERM to this child's pid, SIGKILL after the grace period; resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    running.delete(child)
    return Promise.resolve()
  }
  const pid = child.pid
  return new Promise((resolve) => {
    const killer = setTimeout(() => signal(pid, 'SIGKILL'), STOP_GRACE_MS)
    child.once('exit', () => {
      clearTimeout(killer)
      running.delete(child)
      resolve()
    })
    signal(pid, 'SIGTERM')
  })
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map(stopChild))
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // Already gone.
  }
}
