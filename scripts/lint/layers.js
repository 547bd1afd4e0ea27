// The layers of docs/architecture.md ("Where things live") as import-x/no-restricted-paths zones.
// One way only: model <- worker <- store <- features <- app; components (shared, presentational)
// sit beside the store and see only the model; server/ may import src/model and nothing else of src/.
// A folder under src/ that is not listed here fails the layer test (scripts/lint/layers.test.ts), so
// a new folder has to be given its place before it can be used.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Every top-level folder of src/, and what each may not import. */
export const srcLayers = {
  model: ['worker', 'store', 'components', 'features', 'app'],
  worker: ['store', 'components', 'features', 'app'],
  store: ['components', 'features', 'app'],
  components: ['model', 'worker', 'store', 'features', 'app'],
  features: ['worker', 'app'],
  app: [],
}

/** The feature folders; no feature imports another. */
export function featureFolders() {
  return readdirSync(new URL('../../src/features', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
}

function zone(target, from, message, except) {
  return { target: `${root}${target}`, from: `${root}${from}`, message, ...(except === undefined ? {} : { except }) }
}

const codeZones = [
  ...Object.entries(srcLayers).flatMap(([layer, forbidden]) => [
    ...forbidden.map((other) =>
      zone(`src/${layer}`, `src/${other}`, `src/${layer} may not import src/${other} (layers: model <- worker <- store <- features <- app)`),
    ),
    zone(`src/${layer}`, 'src/main.tsx', 'nothing imports the entry point'),
  ]),
  ...featureFolders().map((feature) =>
    zone(
      `src/features/${feature}`,
      'src/features',
      `features/${feature} may not import another feature: move what they share to src/components, src/store or src/model`,
      [`./${feature}`],
    ),
  ),
  // The store sends commands and reads events: of the worker it sees only the wire types.
  zone('src/store', 'src/worker', 'src/store may import only src/worker/protocol.ts (types) of the worker', ['./protocol.ts']),
  zone('server', 'src', 'server/ may import src/model and nothing else of src/', ['./model']),
  zone('e2e', 'src', 'e2e/ drives the app through the browser: it imports nothing of src/'),
  // Tooling (benchmarks, scripts) may import anything; nothing at run time or in tests imports it.
  ...['src', 'server', 'e2e'].flatMap((runtime) =>
    ['bench', 'scripts'].map((tooling) => zone(runtime, tooling, `${runtime}/ may not import ${tooling}/ (tooling)`)),
  ),
]

/** The zones for source files. */
export const layerZones = [...codeZones, zone('src', 'server', 'src/ never imports server/: shared rules live in src/model')]

/**
 * The zones for tests: the same layers, except that a test in src/ may start the real server and its
 * clients (server/create-server.ts, server/test-support/) to run against a real broker.
 */
export const testZones = codeZones

/** e2e/ may use the server's test-support folders (start a server, clients, certificates) only. */
export const e2eZones = [zone('e2e', 'server', 'e2e/ may import only the test-support folders of server/', ['./test-support', './bridge/test-support'])]
