import { useAppStore } from '@/store/app-store.ts'

/** Why the tree is empty, and what to do about it. */
export function TreeEmpty() {
  const connection = useAppStore((s) => s.connection.state)
  const query = useAppStore((s) => s.filter.query)
  const filterError = useAppStore((s) => s.batch.tree.filterError)
  const subscriptions = useAppStore((s) => s.subscriptions.length)
  let text: string
  if (filterError) text = 'The filter is not valid, see above.'
  else if (query !== '') text = 'No topic matches the filter.'
  else if (connection !== 'connected') text = 'Not connected. Pick a profile and press Connect.'
  else if (subscriptions === 0) text = 'No subscriptions. Subscribe to a filter such as # to see topics.'
  else text = 'Waiting for messages…'
  return (
    <div className="tree-empty">
      <p>{text}</p>
      {!filterError && query === '' && connection === 'connected' && subscriptions > 0 && (
        <p className="hint">
          Try <code>mosquitto_pub -t home/kitchen/temp -m 21.5</code>
        </p>
      )}
    </div>
  )
}
