import { useAppStore } from '@/store/app-store.ts'

/** "Reset tree": forget every topic and its history, keep the connection (the broker is not touched). */
export function ResetTree() {
  const empty = useAppStore((s) => s.batch.totals.topics === 0)
  return (
    <button
      type="button"
      className="compact ghost"
      disabled={empty}
      title="Forget every topic, its counts and its history (the connection stays, the broker is not changed); new messages fill the tree again"
      onClick={() => useAppStore.getState().resetTree()}
    >
      Reset tree
    </button>
  )
}
