import { RULE_FORMAT_LABELS } from '@/model/decode-rules.ts'
import { useAppStore } from '@/store/app-store.ts'

/** The rules in the order they are tried, each with what it decodes as and, when it cannot, why. */
export function RuleList() {
  const rules = useAppStore((s) => s.decoders.rules)
  const status = useAppStore((s) => s.decodersStatus)
  const removeRule = useAppStore((s) => s.removeRule)
  const moveRuleUp = useAppStore((s) => s.moveRuleUp)
  if (rules.length === 0) return <p className="empty-note">No rules: CBOR, MessagePack and Protobuf payloads are decoded only when you pick their view.</p>
  return (
    <ol className="decode-rules" aria-label="Rules">
      {rules.map((rule, i) => {
        const problem = status?.ruleProblems[i]
        const target = rule.format === 'protobuf' ? `${RULE_FORMAT_LABELS.protobuf} ${rule.messageType}` : RULE_FORMAT_LABELS[rule.format]
        return (
          <li key={`${i}:${rule.filter}`}>
            <code>{rule.filter}</code> → <span>{target}</span>{' '}
            {i > 0 && (
              <button type="button" className="compact" aria-label={`Move rule ${rule.filter} up`} onClick={() => moveRuleUp(i)}>
                Move up
              </button>
            )}{' '}
            <button type="button" className="compact" aria-label={`Remove rule ${rule.filter}`} onClick={() => removeRule(i)}>
              Remove
            </button>
            {problem && <p className="view-error">{problem}</p>}
          </li>
        )
      })}
    </ol>
  )
}
