/**
 * `npm test`: every runner in turn (lint, typecheck, app build, vitest, Playwright), then one line that
 * sums them all: `N passed, N failed[, N skipped]`. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface Tally {
  readonly runner: string
  passed: number
  failed: number
  skipped: number
  /** The failed tests by file and name, so the summary at the end of a long log says which. */
  failures?: readonly string[]
}

const projectDir = fileURLToPath(new URL('..', import.meta.url))
const bin = (name: string) => path.join(projectDir, 'node_modules', '.bin', name)
const outDir = mkdtempSync(path.join(tmpdir(), 'mqtt-scope-test-'))
const only = process.argv.slice(2)

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  process.stdout.write(`\n> ${path.basename(command)} ${args.join(' ')}\n`)
  const result = spawnSync(command, args, { cwd: projectDir, stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status ?? 1
}

function check(runner: string, command: string, args: string[]): Tally {
  const ok = run(command, args) === 0
  return { runner, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 }
}

function vitest(): Tally {
  const file = path.join(outDir, 'vitest.json')
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`])
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number
      numFailedTests: number
      numPendingTests: number
      numTodoTests: number
      numFailedTestSuites: number
      testResults?: { name: string; message?: string; assertionResults?: { status: string; fullName: string }[] }[]
    }
    // A suite that fails to load has no tests of its own; count it, or a broken import would pass.
    const failed = report.numFailedTests + (report.numFailedTests === 0 && status !== 0 ? Math.max(1, report.numFailedTestSuites) : 0)
    const failures = (report.testResults ?? []).flatMap((file) => {
      const where = path.relative(projectDir, file.name)
      const tests = (file.assertionResults ?? []).filter((test) => test.status === 'failed').map((test) => `${where} › ${test.fullName}`)
      return tests.length === 0 && file.message ? [`${where}: ${file.message.split('\n')[0]}`] : tests
    })
    return { runner: 'vitest', passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests, failures }
  } catch {
    return { runner: 'vitest', passed: 0, failed: 1, skipped: 0 }
  }
}

function playwright(): Tally {
  const file = path.join(outDir, 'playwright.json')
  const status = run(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file })
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as PlaywrightReport
    const { expected, unexpected, flaky, skipped } = report.stats
    const failed = unexpected + flaky + (unexpected + flaky === 0 && status !== 0 ? 1 : 0)
    return { runner: 'playwright', passed: expected, failed, skipped, failures: playwrightFailures(report.suites ?? [], []) }
  } catch {
    return { runner: 'playwright', passed: 0, failed: 1, skipped: 0 }
  }
}

interface PlaywrightSuite {
  title: string
  file?: string
  suites?: PlaywrightSuite[]
  specs?: { title: string; file: string; line: number; tests: { status: string }[] }[]
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number }
  suites?: PlaywrightSuite[]
}

function playwrightFailures(suites: readonly PlaywrightSuite[], titles: readonly string[]): string[] {
  return suites.flatMap((suite) => {
    const inner = suite.file === suite.title ? titles : [...titles, suite.title]
    const specs = (suite.specs ?? [])
      .filter((spec) => spec.tests.some((test) => test.status === 'unexpected' || test.status === 'flaky'))
      .map((spec) => `e2e/${spec.file}:${spec.line} › ${[...inner, spec.title].join(' › ')}`)
    return [...specs, ...playwrightFailures(suite.suites ?? [], inner)]
  })
}

const steps: Record<string, () => Tally> = {
  // Lint first: a layer broken or a cycle added fails the run before anything slow starts.
  lint: () => check('lint', 'npm', ['run', '--silent', 'lint']),
  // TypeScript 7 (installed as typescript7) checks in seconds; 'typescript' is 6.0 for typescript-eslint.
  typecheck: () =>
    check('typecheck', process.execPath, [path.join(projectDir, 'node_modules', 'typescript7', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']),
  build: () => check('build', bin('vite'), ['build', '--logLevel', 'warn']),
  unit: vitest,
  e2e: playwright,
}

const tallies: Tally[] = []
for (const [name, step] of Object.entries(steps)) {
  if (only.length > 0 && !only.includes(name)) continue
  tallies.push(step())
}
rmSync(outDir, { recursive: true, force: true })

process.stdout.write('\nSummary:\n')
for (const t of tallies) {
  process.stdout.write(`  ${t.runner.padEnd(10)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}\n`)
  for (const failure of t.failures ?? []) process.stdout.write(`    failed: ${failure}\n`)
}
const sum = (key: 'passed' | 'failed' | 'skipped') => tallies.reduce((n, t) => n + t[key], 0)
const skipped = sum('skipped')
process.stdout.write(`${sum('passed')} passed, ${sum('failed')} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
process.exitCode = sum('failed') > 0 ? 1 : 0
