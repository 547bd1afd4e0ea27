/**
 * `--broker embedded|mosquitto-ws|mosquitto-bridge|mosquitto-relay`: which broker a browser
 * benchmark's page takes its messages from, so every figure can be taken against an independent
 * broker (issue 18).
 *
 * - embedded: the mqtt-scope server's own broker (aedes); its WebSocket path packs many packets
 *   into one frame.
 * - mosquitto-ws: Debian's mosquitto, started by the benchmark, opened by the browser directly on
 *   its WebSocket listener (one frame per MQTT packet).
 * - mosquitto-bridge: mosquitto's TCP listener through the server's bridge (mqtt://).
 * - mosquitto-relay: mosquitto's WebSocket listener through the server's relay (ws:// with
 *   "Relay through the server").
 *
 * The publisher always speaks TCP to the chosen broker. The page is switched to the broker through
 * the profile dialog, as a person would.
 */
import type { Page } from '@playwright/test'
import { startMosquitto, type Mosquitto } from '../../broker/mosquitto.ts'

export const BROKERS = ['embedded', 'mosquitto-ws', 'mosquitto-bridge', 'mosquitto-relay'] as const
export type BrokerChoice = (typeof BROKERS)[number]

export function readBroker(text: string | undefined): BrokerChoice {
  if (text === undefined) return 'embedded'
  if ((BROKERS as readonly string[]).includes(text)) return text as BrokerChoice
  throw new Error(`--broker must be one of ${BROKERS.join(', ')}, got ${text}`)
}

export interface BrokerSetup {
  readonly choice: BrokerChoice
  /** Where the publisher connects (TCP). */
  readonly publisherUrl: string
  /** The profile URL the page uses, undefined for the embedded broker (the built-in profile). */
  readonly pageUrl: string | undefined
  readonly relay: boolean
  readonly mosquitto: Mosquitto | undefined
}

/** Starts mosquitto when the choice needs it; `embeddedTcp` is the server's own MQTT URL. */
export async function startBroker(choice: BrokerChoice, embeddedTcp: string): Promise<BrokerSetup> {
  if (choice === 'embedded') return { choice, publisherUrl: embeddedTcp, pageUrl: undefined, relay: false, mosquitto: undefined }
  const mosquitto = await startMosquitto()
  const tcp = `mqtt://127.0.0.1:${mosquitto.tcpPort}`
  const ws = `ws://127.0.0.1:${mosquitto.wsPort}/mqtt`
  const pageUrl = choice === 'mosquitto-bridge' ? tcp : ws
  return { choice, publisherUrl: tcp, pageUrl, relay: choice === 'mosquitto-relay', mosquitto }
}

/** Makes a profile for the broker in the page's profile dialog and connects with it. */
export async function connectPage(page: Page, setup: BrokerSetup): Promise<void> {
  if (setup.pageUrl === undefined) return
  await page.getByRole('button', { name: 'Connection settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Connection profile' })
  await dialog.getByRole('button', { name: 'New profile' }).click()
  await dialog.getByLabel('Name', { exact: true }).fill(`bench ${setup.choice}`)
  await dialog.getByLabel('Broker URL').fill(setup.pageUrl)
  if (setup.pageUrl.startsWith('ws')) await dialog.getByRole('checkbox', { name: 'Relay through the server', exact: true }).setChecked(setup.relay)
  await dialog.getByRole('button', { name: 'Save and connect' }).click()
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 })
  await page.getByText(setup.pageUrl, { exact: true }).first().waitFor({ timeout: 20_000 })
}
