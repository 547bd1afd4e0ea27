import './share-link.css'
import { CloseIcon } from '@/components/icons.tsx'
import { dismissShareLinkNotice, useShareLinkStore } from '@/store/share-link-store.ts'
import { useShareLinkUrl } from './use-share-link-url.ts'

/**
 * Links (share-link.ts): keeps the address on what is on screen, and says what became of the link
 * the page was opened with ("waiting for <topic>", or why it was refused). Link text is untrusted:
 * rendered as text.
 */
export function ShareLinkNotice() {
  useShareLinkUrl()
  const notice = useShareLinkStore((s) => s.notice)
  if (!notice) return null
  return (
    <div className={`share-link-notice${notice.tone === 'error' ? ' is-error' : ''}`} role={notice.tone === 'error' ? 'alert' : 'status'} aria-label="Link">
      <span className="share-link-text">{notice.text}</span>
      <button type="button" className="icon-button small" aria-label="Dismiss" title="Dismiss" onClick={dismissShareLinkNotice}>
        <CloseIcon />
      </button>
    </div>
  )
}
