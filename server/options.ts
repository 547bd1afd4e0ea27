/**
 * The catalogue of every command-line flag: its environment variable, its default, the help line
 * and how its text becomes a value. `config.ts` parses with it and `--help` prints it, so the two
 * can never disagree.
 */
import { ACCESS_OPTIONS } from './options/access.ts'
import { BRIDGE_OPTIONS } from './options/bridge.ts'
import { BROKER_OPTIONS } from './options/broker.ts'
import { CLUSTER_OPTIONS } from './options/cluster.ts'
import { GENERAL_OPTIONS } from './options/general.ts'
import type { OptionSpec } from './options/option-spec.ts'
import { RECORDING_OPTIONS } from './options/recordings.ts'
import { TLS_OPTIONS } from './options/tls.ts'

/** Every flag, grouped by what it sets (server/options/); --help lists them in this order. */
export const OPTIONS: readonly OptionSpec[] = [
  ...GENERAL_OPTIONS,
  ...BRIDGE_OPTIONS,
  ...BROKER_OPTIONS,
  ...CLUSTER_OPTIONS,
  ...ACCESS_OPTIONS,
  ...TLS_OPTIONS,
  ...RECORDING_OPTIONS,
]
