import { readFileSync } from 'node:fs'

/** Resident memory of a process, in MiB, from /proc (Linux). */
export function residentMiB(pid: number | undefined): number {
  if (pid === undefined) throw new Error('no pid')
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kB = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  if (kB === undefined) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kB) / 1024
}

/** Samples a process's resident memory every `ms` until stopped; the peak and the samples. */
export function watchResident(pid: number | undefined, ms = 200): { stop(): { peakMiB: number; samples: number[] } } {
  const samples: number[] = [residentMiB(pid)]
  const timer = setInterval(() => {
    try {
      samples.push(residentMiB(pid))
    } catch {
      // the process is gone; the test will say so
    }
  }, ms)
  return {
    stop() {
      clearInterval(timer)
      samples.push(residentMiB(pid))
      return { peakMiB: Math.max(...samples), samples }
    },
  }
}
