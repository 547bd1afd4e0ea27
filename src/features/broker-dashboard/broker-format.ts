/** Durations and ages as the broker dashboard words them. */

const pad = (n: number): string => String(n).padStart(2, '0')

/** A broker's uptime in its two largest units: "45 s", "3 min 05 s", "2 h 03 min", "4 d 02 h". */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`
  return `${Math.floor(s / 86_400)} d ${pad(Math.floor((s % 86_400) / 3600))} h`
}

/** "updated just now", "updated 3 s ago", "updated 2 min ago", "updated 5 h ago". */
export function formatUpdated(now: number, then: number): string {
  const s = Math.floor(Math.max(0, now - then) / 1000)
  if (s < 1) return 'updated just now'
  if (s < 60) return `updated ${s} s ago`
  if (s < 3600) return `updated ${Math.floor(s / 60)} min ago`
  if (s < 86_400) return `updated ${Math.floor(s / 3600)} h ago`
  return `updated ${Math.floor(s / 86_400)} d ago`
}
