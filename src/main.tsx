import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ActiveConnectionRoot } from '@/app/active-connection-root.tsx'
import { startSession } from '@/app/session.ts'
import { applyStoredTheme } from '@/components/theme.ts'
import '@/styles.css'

applyStoredTheme()
startSession()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ActiveConnectionRoot />
  </StrictMode>,
)
