import { readStored, writeStored } from './stored-value.ts'

export type Theme = 'light' | 'dark'

const KEY = 'theme'

/** The theme the user picked, or undefined to follow the system setting. */
export function storedTheme(): Theme | undefined {
  const value = readStored(KEY)
  return value === 'light' || value === 'dark' ? value : undefined
}

export function systemTheme(): Theme {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

/** Sets (or clears, to follow the system) the theme on <html> and remembers the choice. */
export function applyTheme(theme: Theme | undefined, remember = true): void {
  const root = document.documentElement
  if (theme) root.dataset.theme = theme
  else delete root.dataset.theme
  if (remember) writeStored(KEY, theme)
}

/** Call once before the first render so the page never flashes the other theme. */
export function applyStoredTheme(): void {
  applyTheme(storedTheme(), false)
}
