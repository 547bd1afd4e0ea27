import { Checkbox, Field } from '@/components/field.tsx'
import { LIMITS } from '@/model/limits.ts'
import { useAppStore } from '@/store/app-store.ts'

/** Repeat: send every N ms, M times or until stopped (a simple simulated sensor). */
export function RepeatControls() {
  const repeat = useAppStore((s) => s.publishRepeat)
  const intervalProblem = useAppStore((s) => s.publishProblems.interval)
  const countProblem = useAppStore((s) => s.publishProblems.count)
  const running = useAppStore((s) => s.publishJob?.running ?? false)
  const { setPublishRepeat } = useAppStore.getState()
  return (
    <div className="repeat-controls">
      <Checkbox label="Repeat" checked={repeat.on} disabled={running} onChange={(on) => setPublishRepeat({ on })} />
      {repeat.on && (
        <>
          <Field label="Every (ms)" error={intervalProblem} className="repeat-every">
            {(control) => (
              <input
                {...control}
                type="number"
                min={LIMITS.publish.minIntervalMs}
                step={1}
                disabled={running}
                value={repeat.intervalMs}
                onChange={(e) => setPublishRepeat({ intervalMs: e.target.value })}
              />
            )}
          </Field>
          <Field label="Times" error={countProblem} className="repeat-times">
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                step={1}
                placeholder="until stopped"
                disabled={running}
                value={repeat.count}
                onChange={(e) => setPublishRepeat({ count: e.target.value })}
              />
            )}
          </Field>
        </>
      )}
    </div>
  )
}
