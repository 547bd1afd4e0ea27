/** Self time by function from a V8 CPU profile (CDP Profiler.stop), for "where does the time go". */

export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number }
  }>
  readonly startTime: number
  readonly endTime: number
  readonly samples?: readonly number[]
  readonly timeDeltas?: readonly number[]
}

export interface ProfileSummary {
  /** Sampled time, ms. */
  readonly totalMs: number
  /** Sampled time outside "(idle)", ms. */
  readonly busyMs: number
  readonly top: ReadonlyArray<{ readonly name: string; readonly selfMs: number; readonly percent: number }>
}

/** Names a generated location (0-based line and column) by its original source, if it can. */
export type Locate = (url: string, line: number, column: number) => string | undefined

export function summarizeProfile(profile: CpuProfile, locate: Locate = () => undefined, limit = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let total = 0
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the time after it (delta i+1).
    const us = deltas[i + 1] ?? 0
    const node = byId.get(samples[i]!)
    if (!node) continue
    const frame = node.callFrame
    const file = frame.url ? frame.url.replace(/^.*\//, '').replace(/\?.*$/, '') : ''
    const original = frame.url ? locate(frame.url, frame.lineNumber, frame.columnNumber) : undefined
    const where = original ?? (file ? `${file}:${frame.lineNumber + 1}` : '')
    const name = `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`
    self.set(name, (self.get(name) ?? 0) + us)
    total += us
  }
  const idle = self.get('(idle)') ?? 0
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), percent: total ? Math.round((us / total) * 1000) / 10 : 0 }))
  return { totalMs: Math.round(total / 1000), busyMs: Math.round((total - idle) / 1000), top }
}
