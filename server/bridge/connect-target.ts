import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { connectErrorText, isTlsError } from './error-text.ts'
import { formatIp, type IpAddress } from './ip-address.ts'
import type { TlsSettings } from './session-request.ts'
import type { Target } from './target.ts'

export interface ConnectPlan {
  readonly target: Target
  /** Checked by the policy; tried in this order. */
  readonly addresses: readonly IpAddress[]
  /** Set for mqtts:// targets. */
  readonly tls: TlsSettings | undefined
  /** When the whole attempt (every address, TCP and TLS) must be done, as a Date.now() value. */
  readonly deadline: number
  readonly timeoutSeconds: number
}

export type ConnectResult = { readonly socket: Socket; readonly address: string } | { readonly failure: string; readonly timedOut: boolean }

/**
 * Opens the TCP (or TLS) connection to the first of the checked addresses that answers. The
 * socket is given the IP itself, so Node does no lookup of its own and cannot reach an address
 * the policy did not see; for TLS the target's name stays the SNI and the name the certificate
 * is checked against (unless tls.servername says otherwise). A socket error moves on to the
 * next address (localhost may be ::1 and 127.0.0.1, with the broker on one of them); a TLS
 * error does not, since another address would present the same certificate.
 */
export async function connectTarget(plan: ConnectPlan, signal: AbortSignal): Promise<ConnectResult> {
  let last: ConnectResult = { failure: `no address to connect to for ${plan.target.host}`, timedOut: false }
  for (const address of plan.addresses) {
    const remaining = plan.deadline - Date.now()
    if (remaining <= 0 || signal.aborted) break
    last = await attempt(plan, address, remaining, signal)
    if ('socket' in last || last.timedOut || signal.aborted) return last
    if (last.failure.startsWith('TLS:')) return last
  }
  if (Date.now() >= plan.deadline) return { failure: timeoutText(plan), timedOut: true }
  return last
}

function attempt(plan: ConnectPlan, ip: IpAddress, remainingMs: number, signal: AbortSignal): Promise<ConnectResult> {
  const host = formatIp(ip)
  const shown = ip.family === 6 ? `[${host}]:${plan.target.port}` : `${host}:${plan.target.port}`
  return new Promise((resolve) => {
    const tls = plan.tls
    const socket: Socket =
      tls === undefined
        ? netConnect({ host, port: plan.target.port })
        : tlsConnect({
            host,
            port: plan.target.port,
            servername: tls.servername ?? (plan.target.ip === undefined ? plan.target.host : undefined),
            secureContext: tls.secureContext,
            rejectUnauthorized: tls.rejectUnauthorized,
          })
    const settle = (result: ConnectResult) => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      socket.off('error', onError)
      if (!('socket' in result)) {
        // A late 'error' from a socket we gave up on must not become an uncaught exception.
        socket.on('error', () => {})
        socket.destroy()
      }
      resolve(result)
    }
    const onError = (error: Error) => {
      const text = connectErrorText(error, shown)
      settle({ failure: isTlsError(error) && !text.startsWith('TLS:') ? `TLS: ${text}` : text, timedOut: false })
    }
    const onAbort = () => settle({ failure: 'the page closed the bridge while it was connecting', timedOut: false })
    const timer = setTimeout(() => settle({ failure: timeoutText(plan), timedOut: true }), remainingMs)
    socket.once('error', onError)
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once(tls === undefined ? 'connect' : 'secureConnect', () => {
      socket.setNoDelay(true)
      settle({ socket, address: shown })
    })
  })
}

function timeoutText(plan: ConnectPlan): string {
  return `connect timeout after ${plan.timeoutSeconds} s`
}
