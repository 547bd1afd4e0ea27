import { useEffect, useState } from 'react'
import { MoonIcon, SunIcon } from './icons.tsx'
import { applyTheme, storedTheme, systemTheme, type Theme } from './theme.ts'

/** Switches between light and dark; until first used, the page follows the system setting. */
export function ThemeToggle() {
  const [chosen, setChosen] = useState<Theme | undefined>(storedTheme)
  const [system, setSystem] = useState<Theme>(systemTheme)
  useEffect(() => {
    const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)')
    if (!query) return
    const update = () => setSystem(query.matches ? 'dark' : 'light')
    query.addEventListener('change', update)
    return () => query.removeEventListener('change', update)
  }, [])
  const effective = chosen ?? system
  const next: Theme = effective === 'dark' ? 'light' : 'dark'
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Toggle theme"
      title={`Switch to the ${next} theme`}
      onClick={() => {
        applyTheme(next)
        setChosen(next)
      }}
    >
      {effective === 'dark' ? <SunIcon /> : <MoonIcon />}
    </button>
  )
}
