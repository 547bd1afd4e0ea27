import { useEffect } from 'react'
import { useAppStore } from '@/store/app-store.ts'
import { shareQueryOf, useShareLinkStore } from '@/store/share-link-store.ts'

/** A burst of changes (typing a filter, picking topics) becomes one address change. */
const WRITE_DELAY_MS = 300

/**
 * Keeps the address bar's query string on what is on screen (share-link.ts: never a secret), with
 * history.replaceState: no history entry per change. While a link waits for the person to confirm
 * its broker, its address stays as it came.
 */
export function useShareLinkUrl(): void {
  useEffect(() => {
    let wanted = window.location.search
    let profileId: string | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const write = () => {
      if (wanted === window.location.search) return
      const { pathname, hash } = window.location
      window.history.replaceState(window.history.state, '', `${pathname}${wanted}${hash}`)
    }
    // Called on every store change (batches come ten times a second): the query is recomputed,
    // cheap, and a write is scheduled only when it differs from the one already scheduled.
    const check = () => {
      const links = useShareLinkStore.getState()
      if (links.confirm) return
      const app = useAppStore.getState()
      const query = shareQueryOf(app, links.waiting)
      if (query === wanted) return
      wanted = query
      clearTimeout(timer)
      // Another profile is written at once: a reload right after switching must not open the
      // previous broker (the address's link wins over the stored choice when the page opens).
      if (app.activeProfileId !== profileId) {
        profileId = app.activeProfileId
        write()
      } else timer = setTimeout(write, WRITE_DELAY_MS)
    }
    check()
    const stopApp = useAppStore.subscribe(check)
    const stopLinks = useShareLinkStore.subscribe(check)
    return () => {
      stopApp()
      stopLinks()
      clearTimeout(timer)
    }
  }, [])
}
