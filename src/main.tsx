import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.tsx'
import { defaultConnectOptions, startSession } from './app/session.ts'
import './styles.css'

const session = startSession()
session.send({ type: 'connect', options: defaultConnectOptions(window.location), subscriptions: [{ filter: '#', qos: 0 }] })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
