/**
 * CPU time from /proc (Linux): of one process (the broker benchmark's broker, publishers and
 * subscriber), and of the browser benchmarks' processes and every Chromium thread, to say where the
 * time goes: the page's main thread, its MQTT worker, the compositor, the server, the publisher.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const CLK_TCK = (() => {
  const r = spawnSync('/usr/bin/getconf', ['CLK_TCK'], { encoding: 'utf8' })
  const n = Number(r.stdout?.trim())
  return Number.isFinite(n) && n > 0 ? n : 100
})()

interface StatLine {
  readonly comm: string
  readonly ppid: number
  /** utime + stime, seconds. */
  readonly cpuSeconds: number
}

/** One line of /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat; undefined once the process is gone. */
export function readStat(file: string): StatLine | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  const comm = text.slice(open + 1, close)
  const fields = text.slice(close + 2).split(' ')
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  const ppid = Number(fields[1])
  const ticks = Number(fields[11]) + Number(fields[12])
  return { comm, ppid, cpuSeconds: ticks / CLK_TCK }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return ''
  }
}

/** Every live process below `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(`/proc/${entry}/stat`)
    if (stat) parentOf.set(Number(entry), stat.ppid)
  }
  const out: number[] = []
  const below = new Set([root])
  let grew = true
  while (grew) {
    grew = false
    for (const [pid, ppid] of parentOf) {
      if (below.has(ppid) && !below.has(pid)) {
        below.add(pid)
        out.push(pid)
        grew = true
      }
    }
  }
  return out
}

/** A name for a Chromium process from its command line: browser, renderer, gpu-process, utility… */
export function chromiumRole(pid: number): string {
  const type = /--type=(\S+)/.exec(cmdline(pid))?.[1]
  return type ?? 'browser'
}

export interface CpuSample {
  readonly at: number
  /** CPU seconds by label, e.g. "server", "renderer: CrRendererMain". */
  readonly seconds: Record<string, number>
}

/**
 * CPU seconds so far of each named process, and of each thread of Chromium's processes, labelled
 * "<role>: <thread name>" and summed over threads with the same name (Chromium's thread pools
 * have many). Processes are looked up each time, so ones that started late are counted too.
 */
export function sampleCpu(named: Record<string, number | undefined>, chromiumParent: number): CpuSample {
  const seconds: Record<string, number> = { 'machine (all processes)': machineBusySeconds() }
  const add = (label: string, value: number) => (seconds[label] = (seconds[label] ?? 0) + value)
  for (const [label, pid] of Object.entries(named)) {
    if (pid === undefined) continue
    for (const p of [pid, ...descendants(pid)]) {
      const stat = readStat(`/proc/${p}/stat`)
      if (stat) add(label, stat.cpuSeconds)
    }
  }
  // chromiumParent is this benchmark's own process (Playwright starts Chromium from it).
  const self = readStat(`/proc/${chromiumParent}/stat`)
  if (self) add('benchmark', self.cpuSeconds)
  const namedPids = new Set(Object.values(named).filter((p): p is number => p !== undefined))
  for (const pid of descendants(chromiumParent)) {
    if (namedPids.has(pid) || !/chrom/i.test(cmdline(pid))) continue
    const role = chromiumRole(pid)
    let tasks: string[] = []
    try {
      tasks = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    for (const tid of tasks) {
      const stat = readStat(`/proc/${pid}/task/${tid}/stat`)
      // The main thread's name is the process's ("chromium"): call it what it is.
      const thread = tid === String(pid) ? 'main' : stat?.comm.replace(/\d+$/, '').trim() || stat?.comm
      if (stat) {
        add(`${role}: ${thread}`, stat.cpuSeconds)
        add('chromium (all)', stat.cpuSeconds)
      }
    }
  }
  return { at: performance.now(), seconds }
}

/** Per-label CPU use between two samples, as a percentage of one core; labels under 1% dropped. */
export function cpuPercent(from: CpuSample, to: CpuSample): Record<string, number> {
  const wall = (to.at - from.at) / 1000
  const out: Record<string, number> = {}
  for (const [label, value] of Object.entries(to.seconds)) {
    const pct = ((value - (from.seconds[label] ?? 0)) / wall) * 100
    if (pct >= 1) out[label] = Math.round(pct)
  }
  // What the rest of the machine took meanwhile: everything but this benchmark's processes.
  const ours = ['chromium (all)', 'server', 'publisher', 'benchmark'].reduce((n, k) => n + (out[k] ?? 0), 0)
  if (out['machine (all processes)'] !== undefined) out['other processes'] = Math.max(0, out['machine (all processes)'] - ours)
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]))
}

/** CPU seconds the whole machine has been busy (all cores, iowait and idle excluded), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const [, ...fields] = line.trim().split(/\s+/)
  const n = fields.map(Number)
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const busy = (n[0] ?? 0) + (n[1] ?? 0) + (n[2] ?? 0) + (n[5] ?? 0) + (n[6] ?? 0) + (n[7] ?? 0)
  return busy / CLK_TCK
}
