import { describe, expect, it } from 'vitest'
import { parseConfig, type Config } from '../config.ts'
import { bridgeSettings } from './bridge-settings.ts'

const TOKEN = 'settings-test-token-0123'

function config(...flags: string[]): Config {
  const parsed = parseConfig(flags)
  if (parsed.kind !== 'config') throw new Error(JSON.stringify(parsed))
  return parsed.config
}

describe('bridgeSettings', () => {
  it.each([['127.0.0.1'], ['127.0.0.2'], ['localhost'], ['::1']])('--host %s: loopback mode, no token needed', (host) => {
    expect(bridgeSettings(config('--host', host))).toMatchObject({ mode: 'loopback', disabled: undefined, tokenRequired: false })
  })

  it.each([['0.0.0.0'], ['::'], ['192.168.1.5'], ['scope.example.com']])('--host %s: restricted mode, off without a token', (host) => {
    const settings = bridgeSettings(config('--host', host))
    expect(settings).toMatchObject({ mode: 'restricted', tokenRequired: true, disabled: { rule: '--auth-token' } })
    expect(settings.disabled?.error).toContain(`the server listens on ${host}, not on loopback`)
  })

  it('is on in restricted mode with a token', () => {
    expect(bridgeSettings(config('--host', '0.0.0.0', '--auth-token', TOKEN))).toMatchObject({ mode: 'restricted', disabled: undefined, token: TOKEN })
  })

  it('--bridge-mode restricted restricts a loopback server (behind a reverse proxy)', () => {
    const settings = bridgeSettings(config('--bridge-mode', 'restricted'))
    expect(settings).toMatchObject({ mode: 'restricted', tokenRequired: true })
    expect(settings.disabled?.error).toContain('--bridge-mode is restricted')
  })

  it('--bridge-mode off turns the bridge off anywhere', () => {
    expect(bridgeSettings(config('--bridge-mode', 'off')).disabled).toEqual({
      error: 'the bridge is off on this server (--bridge-mode off)',
      rule: '--bridge-mode off',
    })
  })

  it('requires a token given in loopback mode too', () => {
    expect(bridgeSettings(config('--auth-token', TOKEN))).toMatchObject({ mode: 'loopback', tokenRequired: true, disabled: undefined })
  })

  it('carries the caps from the flags', () => {
    expect(bridgeSettings(config('--bridge-max-per-client', '3', '--bridge-idle-timeout', '42')).caps).toMatchObject({
      maxPerClient: 3,
      idleTimeoutSeconds: 42,
    })
  })
})
