import './copyable-text.css'
import { CopyButton } from './copy-button.tsx'

/**
 * A value a person will paste somewhere else (a broker URL, a command line), as text, with a
 * button that copies it and says "Copied" for a moment. Where the clipboard API is missing (a page
 * served over plain http from another machine) the value is still selectable.
 */
export function CopyableText({ label, value }: { label: string; value: string }) {
  return (
    <span className="copyable">
      <span className="copyable-label">{label}</span>
      <code className="copyable-value">{value}</code>
      <CopyButton text={value} label={`Copy ${label}`} />
    </span>
  )
}
