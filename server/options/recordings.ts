/** Recordings (server/recordings/): where they are kept is --data-dir / --memory; these are their budgets. */
import type { OptionSpec } from './option-spec.ts'

const GIB = 1024 * 1024 * 1024

export const RECORDING_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--recording-max-bytes',
    key: 'recordingMaxBytes',
    env: 'MQTT_SCOPE_RECORDING_MAX_BYTES',
    kind: 'integer',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    valueName: 'bytes',
    defaultValue: GIB,
    help: 'Topic and payload bytes one recording may hold; past it the oldest messages go (counted) or the recording stops, as chosen at its start.',
  },
  {
    flag: '--recording-max-messages',
    key: 'recordingMaxMessages',
    env: 'MQTT_SCOPE_RECORDING_MAX_MESSAGES',
    kind: 'integer',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    valueName: 'count',
    defaultValue: 10_000_000,
    help: 'Messages one recording may hold (same rule as --recording-max-bytes).',
  },
  {
    flag: '--recordings-max-bytes',
    key: 'recordingsMaxBytes',
    env: 'MQTT_SCOPE_RECORDINGS_MAX_BYTES',
    kind: 'integer',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    valueName: 'bytes',
    defaultValue: 4 * GIB,
    help: 'Topic and payload bytes all recordings together may hold; the recording that reaches it evicts its own oldest messages or stops.',
  },
  {
    flag: '--recordings-max-messages',
    key: 'recordingsMaxMessages',
    env: 'MQTT_SCOPE_RECORDINGS_MAX_MESSAGES',
    kind: 'integer',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    valueName: 'count',
    defaultValue: 40_000_000,
    help: 'Messages all recordings together may hold (same rule as --recordings-max-bytes).',
  },
]
