import { useEffect, type RefObject } from 'react'
import { useAppStore } from '@/store/app-store.ts'

/** Where the layout stacks its panes (styles.css, @media (max-width: 760px)). */
const NARROW = '(max-width: 760px)'
/** A selection this soon after a tap or click came from it (the tree may debounce selection a little). */
const POINTER_MS = 1000

let lastPointerAt = -Infinity
if (typeof window !== 'undefined') {
  window.addEventListener('pointerdown', () => (lastPointerAt = performance.now()), { capture: true, passive: true })
}

const isNarrow = () => typeof window !== 'undefined' && window.matchMedia(NARROW).matches

/**
 * On a stacked (phone) layout the details sit below the whole tree: a topic picked by a tap is
 * scrolled into view, so the tap visibly does something. Keyboard browsing (selection following
 * focus) does not scroll, and nothing scrolls on a wide layout.
 */
export function useRevealDetailsOnNarrow(details: RefObject<HTMLElement | null>): void {
  useEffect(
    () =>
      useAppStore.subscribe((state, previous) => {
        if (state.selectedId === undefined || state.selectedId === previous.selectedId) return
        if (!isNarrow() || performance.now() - lastPointerAt > POINTER_MS) return
        details.current?.scrollIntoView({ block: 'start', behavior: 'smooth' })
      }),
    [details],
  )
}

/** "Back to topics" on a stacked layout: the selected tree row (or the tree) back in view. */
export function revealSelectedTopic(): void {
  const row = document.querySelector<HTMLElement>('[role="tree"] [aria-selected="true"]') ?? document.querySelector<HTMLElement>('[role="tree"]')
  row?.scrollIntoView({ block: 'center', behavior: 'smooth' })
  row?.focus({ preventScroll: true })
}
