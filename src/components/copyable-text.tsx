import './copyable-text.css'
import { useEffect, useState } from 'react'
import { CopyIcon } from './icons.tsx'

/**
 * A value a person will paste somewhere else (a broker URL, a command line), as text, with a
 * button that copies it and says "Copied" for a moment. Where the clipboard API is missing (a page
 * served over plain http from another machine) the value is still selectable.
 */
export function CopyableText({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(timer)
  }, [copied])
  return (
    <span className="copyable">
      <span className="copyable-label">{label}</span>
      <code className="copyable-value">{value}</code>
      <button
        type="button"
        className="icon-button small"
        aria-label={`Copy ${label}`}
        title={copied ? 'Copied' : `Copy ${label}`}
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }}
      >
        <CopyIcon />
      </button>
      <span className="copyable-done" aria-live="polite">
        {copied ? 'Copied' : ''}
      </span>
    </span>
  )
}
