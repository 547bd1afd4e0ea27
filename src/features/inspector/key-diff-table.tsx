import { formatCount } from '@/components/format.ts'
import type { KeyChange } from '@/model/payload-diff.ts'

const CHANGE_CLASS: Record<KeyChange['change'], string> = { added: 'diff-added', removed: 'diff-removed', changed: 'diff-changed' }

/**
 * A JSON diff by key path as a table (Key path, Change, Before, After): old values in <del>, new
 * ones in <ins>. Paths and values come escaped from the model and are rendered as text.
 */
export function KeyDiffTable({ changes, unlisted }: { changes: readonly KeyChange[]; unlisted: number }) {
  return (
    <div className="payload-box key-diff" role="region" aria-label="Diff" tabIndex={0}>
      <table aria-label="Changed keys">
        <thead>
          <tr>
            <th scope="col">Key path</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change, i) => (
            <tr key={i} className={CHANGE_CLASS[change.change]}>
              <th scope="row" className="key-path">
                {change.path === '' ? '(whole payload)' : change.path}
              </th>
              <td className="key-change">{change.change}</td>
              <td>{change.before !== undefined && <del>{change.before}</del>}</td>
              <td>{change.after !== undefined && <ins>{change.after}</ins>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unlisted > 0 && (
        <p className="diff-skipped">
          … and {formatCount(unlisted)} more {unlisted === 1 ? 'change' : 'changes'}, not listed
        </p>
      )}
    </div>
  )
}
