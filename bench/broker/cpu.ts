import { readStat } from '../common/proc-stats.ts'

/** User plus system CPU seconds a process has used so far, from /proc; undefined where unreadable. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1e6
  }
  return readStat(`/proc/${pid}/stat`)?.cpuSeconds
}

/** CPU use of some processes between `start()` and `stop()`, in percent of one core. */
export function startCpuWatch(pids: Readonly<Record<string, number | undefined>>): { stop(): Record<string, number | null> } {
  const began = performance.now()
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]))
  return {
    stop() {
      const wall = (performance.now() - began) / 1000
      return Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => {
          const start = before[name]
          const end = cpuSeconds(pid)
          return [name, start === undefined || end === undefined ? null : Math.round((100 * (end - start)) / wall)]
        }),
      )
    },
  }
}
