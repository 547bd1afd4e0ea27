/**
 * The From/To fields of an export: `<input type="datetime-local" step="1">` values
 * ("2026-12-07T21:04:05", local time) to epoch ms and back. A "to" time covers its whole second,
 * so the message received at 21:04:05.730 is in "to 21:04:05".
 */
export function parseTimeInput(text: string, edge: 'from' | 'to'): number | undefined | { error: string } {
  const value = text.trim()
  if (value === '') return undefined
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (match === null) return { error: 'Give a date and time' }
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  const seconds = match[6] === undefined ? undefined : s
  const date = new Date(y, mo - 1, d, h, mi, seconds ?? 0, 0)
  if (Number.isNaN(date.getTime()) || date.getMonth() !== mo - 1 || date.getDate() !== d) return { error: 'Not a date' }
  const ms = date.getTime()
  if (edge === 'from') return ms
  // The end of the second (or of the minute when no seconds were given).
  return ms + (seconds === undefined ? 59_999 : 999)
}

/** An epoch ms as a datetime-local value, in local time, to the second. */
export function timeInputValue(epochMs: number): string {
  const d = new Date(epochMs)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}
