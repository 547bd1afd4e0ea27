import { useEffect, useId, useState, type FormEvent } from 'react'
import { Field } from '@/components/field.tsx'
import { FormDialogActions, ModalDialog } from '@/components/modal-dialog.tsx'
import { DEFAULT_BUDGET, type BudgetField } from '@/model/history-budget.ts'
import type { HistoryBudget } from '@/model/message-history.ts'
import { useAppStore } from '@/store/app-store.ts'

const MIB = 1024 * 1024

const FIELDS: ReadonlyArray<{ field: BudgetField; label: string; mib: boolean; hint: string }> = [
  { field: 'perTopicCount', label: 'Messages per topic', mib: false, hint: 'Each topic keeps its newest messages.' },
  { field: 'perTopicBytes', label: 'MiB per topic', mib: true, hint: 'A bigger single payload is still kept, alone.' },
  { field: 'totalCount', label: 'Messages in all', mib: false, hint: 'Across all topics; the oldest go first.' },
  { field: 'totalBytes', label: 'MiB in all', mib: true, hint: 'Payload bytes across all topics.' },
]

function toDraft(budget: HistoryBudget): Record<BudgetField, string> {
  const out = {} as Record<BudgetField, string>
  for (const { field, mib } of FIELDS) out[field] = String(mib ? Math.round((budget[field] / MIB) * 1000) / 1000 : budget[field])
  return out
}

/**
 * The history budgets (per topic and in all, by count and by bytes): saved in this browser and
 * applied by the worker at once (a smaller budget evicts the oldest messages, counted).
 */
export function HistoryBudgetDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const current = useAppStore((s) => s.historyBudget)
  const [draft, setDraft] = useState(() => toDraft(current))
  const [errors, setErrors] = useState<Partial<Record<BudgetField, string>>>({})
  const formId = useId()
  useEffect(() => {
    if (!open) return
    setDraft(toDraft(useAppStore.getState().historyBudget))
    setErrors({})
  }, [open])

  const save = (event: FormEvent) => {
    event.preventDefault()
    const budget = {} as Record<BudgetField, number>
    for (const { field, mib } of FIELDS) {
      const value = draft[field].trim() === '' ? Number.NaN : Number(draft[field])
      budget[field] = mib ? Math.round(value * MIB) : value
    }
    const problems = useAppStore.getState().setHistoryBudget(budget)
    setErrors(problems ?? {})
    if (!problems) onClose()
  }

  return (
    <ModalDialog open={open} onClose={onClose} label="History budget">
      <form id={formId} className="modal-body budget-form" noValidate onSubmit={save}>
        <h2>History budget</h2>
        <p className="field-hint">What the explorer keeps in memory. The defaults fit 100,000 topics.</p>
        <div className="budget-fields">
          {FIELDS.map(({ field, label, hint }) => (
            <Field key={field} label={label} hint={hint} error={errors[field]}>
              {(control) => (
                <input
                  {...control}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step="any"
                  value={draft[field]}
                  onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
      </form>
      <FormDialogActions formId={formId} onCancel={onClose}>
        <button type="button" className="ghost" onClick={() => setDraft(toDraft(DEFAULT_BUDGET))}>
          Defaults
        </button>
      </FormDialogActions>
    </ModalDialog>
  )
}
