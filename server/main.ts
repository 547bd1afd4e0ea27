import { fileURLToPath } from 'node:url'
import { formatHelp, logSettings, parseConfig, type Config, type LoadedFiles } from './config.ts'
import { DataDirError } from './broker/persistence.ts'
import { ClusterStartError } from './cluster/cluster-node.ts'
import { createServer, type ListeningAddresses, type MqttScopeServer } from './create-server.ts'
import { ensureBuild } from './ensure-build.ts'
import { ListenError } from './listen-error.ts'
import { createLogger } from './logger.ts'
import { VERSION } from './version.ts'

/** Shutdown must finish within 2 s of a signal; past this, exit anyway. */
const SHUTDOWN_DEADLINE_MS = 1_500

const DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url))

async function main(): Promise<void> {
  const parsed = parseConfig(process.argv.slice(2), process.env)
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(formatHelp(VERSION) + '\n')
      return
    case 'version':
      process.stdout.write(VERSION + '\n')
      return
    case 'invalid':
      process.stderr.write(`mqtt-scope: invalid configuration:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\nRun mqtt-scope --help for the flags.\n`)
      process.exitCode = 2
      return
    case 'config':
      await run(parsed.config, parsed.files)
  }
}

async function run(config: Config, files: LoadedFiles): Promise<void> {
  const logger = createLogger(logSettings(config))
  if (config.buildIfStale) ensureBuild(DIST_DIR, logger)

  let server: MqttScopeServer
  try {
    server = await createServer(config, { logger, distDir: DIST_DIR, files })
  } catch (error) {
    if (error instanceof DataDirError || error instanceof ClusterStartError) {
      process.stderr.write(`mqtt-scope: ${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  let addresses: ListeningAddresses
  try {
    addresses = await server.listen()
  } catch (error) {
    if (error instanceof ListenError) {
      process.stderr.write(`mqtt-scope: ${error.message}\n`)
      await server.close()
      process.exit(1)
    }
    throw error
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref()
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while closing')
        process.exit(0)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // The banner says "ready", so it comes only once a signal is handled: printed before the
  // handlers, a supervisor that stops us as soon as it reads it killed the process outright
  // (no clean close, no exit status 0).
  const { users, allowAnonymous } = server.access
  if (users === undefined && !allowAnonymous) {
    logger.warn('anonymous MQTT clients are refused and there is no --users-file: no MQTT client can connect (give --users-file, or --allow-anonymous)')
  }
  process.stdout.write(banner(addresses, server))
}

function banner({ host, httpPort, mqttPort, mqttsPort, https }: ListeningAddresses, server: MqttScopeServer): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  const { users, acl, allowAnonymous } = server.access
  const who = [
    users === undefined ? 'no users file' : `${users.size} user${users.size === 1 ? '' : 's'}`,
    allowAnonymous ? 'anonymous allowed' : 'anonymous refused',
    acl === undefined ? 'no ACL' : 'ACL',
  ]
  return [
    `mqtt-scope ${VERSION} is running`,
    `  App:                 ${https ? 'https' : 'http'}://${shown}:${httpPort}/`,
    `  MQTT over WebSocket: ${https ? 'wss' : 'ws'}://${shown}:${httpPort}/mqtt`,
    `  MQTT over TCP:       mqtt://${shown}:${mqttPort}`,
    ...(mqttsPort === undefined ? [] : [`  MQTT over TLS:       mqtts://${shown}:${mqttsPort}`]),
    `  Broker data:         ${server.storeLocation ?? 'in memory (--memory)'}`,
    `  MQTT clients:        ${who.join(', ')}`,
    '',
  ].join('\n')
}

main().catch((error: unknown) => {
  process.stderr.write(`mqtt-scope: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
