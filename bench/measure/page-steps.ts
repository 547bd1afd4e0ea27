/** The page half of bench:measure: the Measure panel's probe in headless Chromium, with the frame probe of the browser benchmarks. */
import { chromium, type Browser, type Locator, type Page } from '@playwright/test'
import config from '../../e2e/playwright.config.ts'
import type { QoS } from '../../src/model/connection-types.ts'
import { frameFigures, probeScript, readProbe, resetProbe } from '../browser/harness/page-probe.ts'
import { holds, type StepResult } from './cli-steps.ts'

export interface MeasurePage {
  readonly browser: Browser
  readonly page: Page
  step(qos: QoS, rate: number, seconds: number): Promise<StepResult>
}

const digits = (text: string) => Number(text.replace(/[^\d.]/g, ''))

export async function openMeasurePage(appUrl: string): Promise<MeasurePage> {
  const browser = await chromium.launch({ ...(config.use?.launchOptions ?? {}), headless: true })
  const page = await browser.newPage({ viewport: config.use?.viewport ?? { width: 1280, height: 800 } })
  await page.addInitScript({ content: probeScript() })
  await page.goto(appUrl)
  await page
    .getByRole('status', { name: 'Connection status' })
    .filter({ hasText: /^connected\b/ })
    .waitFor({ timeout: 20_000 })
  await page.getByRole('button', { name: 'Measure', exact: true }).click()
  const region = page.getByRole('region', { name: 'Measure', exact: true })
  const figure = (label: string): Locator => region.getByRole('group', { name: label, exact: true }).getByRole('definition').first()
  return {
    browser,
    page,
    async step(qos, rate, seconds) {
      const count = Math.round(rate * seconds)
      await region.getByLabel('Messages', { exact: true }).fill(String(count))
      await region.getByLabel('Rate (msg/s)', { exact: true }).fill(String(rate))
      await region.getByLabel('QoS', { exact: true }).selectOption(String(qos))
      await resetProbe(page)
      await region.getByRole('button', { name: 'Start', exact: true }).click()
      const status = region.getByRole('status', { name: 'Probe status' })
      await status.filter({ hasText: /^(Done|Incomplete|Could not run)/ }).waitFor({ timeout: seconds * 1000 + 60_000 })
      const frames = frameFigures(await readProbe(page))
      const text = (await status.textContent()) ?? ''
      if (text.startsWith('Could not run')) throw new Error(`page probe: ${text}`)
      const sent = digits((await figure('Sent').textContent()) ?? '')
      const received = digits((await figure('Received').textContent()) ?? '')
      const throughput = digits(((await figure('Throughput').textContent()) ?? '').replace(/ msg\/s.*/, ''))
      const p50 = (await figure('Latency p50').textContent()) ?? ''
      const p99 = (await figure('Latency p99').textContent()) ?? ''
      const sendRate = digits((await region.getByRole('group', { name: 'Sent', exact: true }).getByRole('definition').nth(1).textContent()) ?? '')
      const incomplete = text.startsWith('Incomplete') ? text : undefined
      return {
        side: 'page',
        qos,
        rate,
        count,
        sent,
        received,
        lost: sent - received,
        sendRate: Math.round(sendRate),
        throughput,
        latencyP50Ms: p50.endsWith(' ms') ? digits(p50) : undefined,
        latencyP99Ms: p99.endsWith(' ms') ? digits(p99) : undefined,
        incomplete,
        holds: holds(rate, sent - received, sendRate, incomplete),
        loadAverage: frames.loadAverage,
        fpsMedian: frames.fpsMedian,
        longTaskMaxMs: Math.round(frames.longTaskMaxMs),
      }
    },
  }
}
