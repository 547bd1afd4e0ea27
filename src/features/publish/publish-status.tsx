import { jobText, outcomeText } from '@/model/publish-outcome.ts'
import type { PublishOutcome } from '@/model/publish-types.ts'
import { useAppStore } from '@/store/app-store.ts'

const GOOD: ReadonlySet<PublishOutcome['status']> = new Set(['sent', 'acknowledged'])

/** The outcome of the last send, announced politely (role=status). */
export function PublishOutcomeStatus() {
  const outcome = useAppStore((s) => s.publishOutcome)
  const pending = useAppStore((s) => s.publishPending)
  let text = ''
  let tone = ''
  if (pending) text = `Publishing to ${pending.topic}…`
  else if (outcome) {
    text = outcomeText(outcome)
    tone = GOOD.has(outcome.status) ? ' is-ok' : ' is-bad'
  }
  return (
    <p className={`publish-outcome${tone}`} role="status" aria-label="Publish outcome">
      {text}
    </p>
  )
}

/** A repeat job's live count, then how it ended. */
export function RepeatProgressStatus() {
  const job = useAppStore((s) => s.publishJob)
  const shown = useAppStore((s) => s.publishRepeat.on || s.publishJob !== undefined)
  if (!shown) return null
  return (
    <p className={`repeat-progress${job && job.failed > 0 ? ' is-bad' : ''}`} role="status" aria-label="Repeat progress">
      {job ? jobText(job) : ''}
    </p>
  )
}
