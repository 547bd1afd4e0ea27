import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from '@/app/app.tsx'
import { startSession } from '@/app/session.ts'
import { applyStoredTheme } from '@/components/theme.ts'
import '@/styles.css'

applyStoredTheme()
startSession()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
