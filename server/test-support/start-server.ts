import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { logSettings, parseConfig, type Config } from '../config.ts'
import { createServer, type ListeningAddresses, type MqttScopeServer } from '../create-server.ts'
import { createLogger } from '../logger.ts'

export const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url))
const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url))

/**
 * Tests keep the broker's data in memory unless they give a --data-dir (or --memory) themselves:
 * the default folder is the user's own, and two servers cannot share one.
 */
export function storageFlags(flags: readonly string[], env: NodeJS.ProcessEnv = {}): string[] {
  const chosen = flags.some((flag) => /^--(data-dir|memory)(=|$)/.test(flag)) || env.MQTT_SCOPE_DATA_DIR !== undefined || env.MQTT_SCOPE_MEMORY !== undefined
  return chosen ? [] : ['--memory']
}

/** A server in this process on ephemeral ports, logging nothing unless asked. */
export async function startTestServer(flags: readonly string[] = []): Promise<{ server: MqttScopeServer; addresses: ListeningAddresses; config: Config }> {
  const parsed = parseConfig(['--http-port', '0', '--mqtt-port', '0', '--log-level', 'silent', ...storageFlags(flags), ...flags])
  if (parsed.kind !== 'config') throw new Error(`bad test flags: ${JSON.stringify(parsed)}`)
  const server = await createServer(parsed.config, { logger: createLogger(logSettings(parsed.config)), distDir: DIST_DIR, files: parsed.files })
  const addresses = await server.listen()
  return { server, addresses, config: parsed.config }
}

export interface ServerProcess {
  readonly child: ChildProcess
  readonly httpPort: number
  readonly mqttPort: number
  /** The MQTT/TLS port, when the server was given --tls-cert and --tls-key. */
  readonly mqttsPort: number | undefined
  readonly output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * The real `mqtt-scope` command as a child process on ephemeral ports. Resolves once it has
 * printed the ports it got.
 */
export function spawnServer(flags: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['server/bin/mqtt-scope.js', '--http-port', '0', '--mqtt-port', '0', ...storageFlags(flags, env), ...flags], {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Do not leave a half-started server behind: it is ours, so stop it by its pid.
      child.kill('SIGKILL')
      reject(new Error(`server did not start in 20 s:\n${output}`))
    }, 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const http = /App: +https?:\/\/[^:]+:(\d+)\//.exec(output)
      const mqtt = /MQTT over TCP: +mqtt:\/\/[^:]+:(\d+)/.exec(output)
      const mqtts = /MQTT over TLS: +mqtts:\/\/[^:]+:(\d+)/.exec(output)
      if (http && mqtt) {
        clearTimeout(timer)
        resolve({
          child,
          httpPort: Number(http[1]),
          mqttPort: Number(mqtt[1]),
          mqttsPort: mqtts === null ? undefined : Number(mqtts[1]),
          output: () => output,
          async stop(signal: NodeJS.Signals = 'SIGTERM') {
            if (child.exitCode === null) child.kill(signal)
            return exited
          },
        })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })
}
