/**
 * The worker's MQTT.js, built from its sources (issue 18, first load). The `mqtt` package's
 * browser entry is a prebuilt bundle (`mqtt/dist/mqtt.esm.js`, ~105 KB gzip) that carries its own
 * Node polyfills: `url` with punycode, lru-cache, the @jspm/core buffer/events/process shims, all of
 * readable-stream, worker-timers, the WeChat and Alipay connectors, debug. This plugin, for the
 * worker build only (vite.config.ts, `worker.plugins`), points `mqtt` at the CommonJS the package
 * ships in `mqtt/build/` and gives it only what a browser worker needs:
 *
 * - buffer, events, process (its browser.js), string_decoder: the npm shims, as the dist has them;
 * - readable-stream: its stream classes without the operators (src/worker/mqtt-browser/readable-stream.ts);
 * - `url`, `lru-cache`, `worker-timers`, `abort-controller`: small modules of ours over what the
 *   browser has (src/worker/mqtt-browser/);
 * - `debug`: silent (DEBUG_MODULE below). MQTT.js and mqtt-packet log through it; in a worker nobody
 *   turns it on (the prebuilt bundle's `localStorage.debug` switch does not exist in a worker);
 * - TCP, TLS, SOCKS, `ws` and the wx/ali connectors, which a worker never reaches: a stub that throws;
 * - MQTT.js's package.json (read for its version): the version alone.
 *
 * Node (the server, vitest) keeps the ordinary `mqtt` import: this plugin is not in their resolution.
 * MQTT.js's own code is unchanged; only how it is bundled.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'

const root = fileURLToPath(new URL('../..', import.meta.url))
const shims = join(root, 'src/worker/mqtt-browser')
const require = createRequire(join(root, 'package.json'))
const mqttDir = dirname(require.resolve('mqtt/package.json'))
const mqttBuild = join(mqttDir, 'build') + sep
const VERSION_MODULE = '\0mqtt-version'
const DEBUG_ID = '\0silent-debug'
/**
 * CommonJS, because mqtt-packet calls `require('debug')(namespace)`: a required ES module would be
 * its namespace object, not the function.
 */
const DEBUG_MODULE = `function createDebug(namespace) {
  function log() {}
  log.enabled = false
  log.namespace = namespace
  log.extend = function (more) { return createDebug(namespace + ':' + more) }
  return log
}
createDebug.enable = function () {}
createDebug.disable = function () { return '' }
createDebug.enabled = function () { return false }
module.exports = createDebug
module.exports.default = createDebug
`

/** Bare imports, from anywhere in the worker, and where they go. */
const BARE: Readonly<Record<string, string>> = {
  mqtt: join(mqttBuild, 'index.js'),
  url: join(shims, 'url.ts'),
  'lru-cache': join(shims, 'lru-cache.ts'),
  debug: DEBUG_ID,
  'worker-timers': join(shims, 'timers.ts'),
  'abort-controller': join(shims, 'abort-controller.ts'),
  'readable-stream': join(shims, 'readable-stream.ts'),
  ws: join(shims, 'unavailable.ts'),
  process: require.resolve('process/browser.js'),
  'process/': require.resolve('process/browser.js'),
}

/** MQTT.js's Node-only and mini-program connectors (relative requires in build/lib/connect/). */
const CONNECTORS = new Set(['./tcp', './tls', './socks', './wx', './ali'])

/**
 * Node's globals, for CommonJS in node_modules that reads them without declaring or requiring its
 * own (`process`: MQTT.js, process-nextick-args; `Buffer`: rfdc, which MQTT.js clones QoS 1 and 2
 * publishes with): the prebuilt bundle injects its shims as globals; here each such module gets a
 * local binding to the npm shim, prepended on its first line so the source map's lines stay.
 */
const NODE_GLOBALS: ReadonlyArray<{ readonly name: string; readonly binding: string }> = [
  { name: 'process', binding: "var process = require('process/browser.js');" },
  { name: 'Buffer', binding: "var Buffer = require('buffer').Buffer;" },
]
const ES_MODULE = /^\s*(?:import|export)\b/m

/** `name` read as a free identifier (not a property, not in quotes) and never declared in the module. */
function readsFree(code: string, name: string): boolean {
  const read = new RegExp(`(?<![.\\w$'"\`])${name}\\b`)
  const declared = new RegExp(`\\b(?:const|let|var|function|class)\\s+${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=`)
  return read.test(code) && !declared.test(code)
}

export function withNodeGlobals(code: string, id: string): string | undefined {
  if (!id.includes(`${sep}node_modules${sep}`) || ES_MODULE.test(code)) return undefined
  const bindings = NODE_GLOBALS.filter((g) => readsFree(code, g.name)).map((g) => g.binding)
  return bindings.length > 0 ? bindings.join('') + code : undefined
}

export function mqttFromSources(): Plugin {
  const version = (JSON.parse(readFileSync(join(mqttDir, 'package.json'), 'utf8')) as { version: string }).version
  return {
    name: 'mqtt-scope:mqtt-from-sources',
    enforce: 'pre',
    resolveId(source, importer) {
      const bare = BARE[source]
      if (bare !== undefined) return bare
      if (importer?.startsWith(mqttBuild)) {
        if (CONNECTORS.has(source) && importer.startsWith(join(mqttBuild, 'lib/connect') + sep)) return join(shims, 'unavailable.ts')
        if (source === '../../package.json') return VERSION_MODULE
      }
      return undefined
    },
    load(id) {
      if (id === DEBUG_ID) return DEBUG_MODULE
      return id === VERSION_MODULE ? `module.exports = { version: ${JSON.stringify(version)} }\n` : undefined
    },
    transform(code, id) {
      const code2 = withNodeGlobals(code, id)
      return code2 === undefined ? undefined : { code: code2, map: null }
    },
  }
}
