import { Checkbox } from '@/components/field.tsx'
import { formatTime } from '@/components/format.ts'
import type { RetainedMarks } from '@/model/retained-types.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Where the R marks come from, for the toggle's tooltip: a person can judge how fresh they are. */
export function describeMarks(marks: RetainedMarks | undefined): string {
  if (marks === undefined) return 'Show only topics the broker holds a retained message for'
  const from =
    marks.source === 'flags'
      ? "marks from the messages' retain flags (MQTT 5, Retain As Published)"
      : marks.source === 'probe'
        ? 'marks asked of the embedded broker whenever a topic may have changed'
        : `marks from the broker's retained messages on subscribe and a scan of the subscribed filters${
            marks.scannedAt !== undefined ? ` (last scan ${formatTime(marks.scannedAt)})` : ''
          }; switching this on scans again`
  return `Show only topics the broker holds a retained message for: ${from}${marks.scanning ? '; scanning…' : ''}${marks.error ? `; ${marks.error}` : ''}`
}

/** "Retained only": a tree filter, combined with the text filter. */
export function RetainedOnly() {
  const filter = useAppStore((s) => s.filter)
  const marks = useAppStore((s) => s.retainedMarks)
  const setFilter = useAppStore.getState().setFilter
  return (
    <Checkbox
      label="Retained only"
      checked={filter.retainedOnly === true}
      onChange={(retainedOnly) => setFilter({ ...useAppStore.getState().filter, retainedOnly })}
      title={describeMarks(marks)}
    />
  )
}
