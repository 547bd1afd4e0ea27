import pino, { type Logger } from 'pino'
import pretty from 'pino-pretty'

export type { Logger }

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
export const LOG_FORMATS = ['pretty', 'json'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

/** What the logger needs to know (--log-level, --log-format); its own type, so it depends on no config. */
export interface LogSettings {
  readonly level: LogLevel
  readonly format: LogFormat
}

/**
 * One logger for the process. Pretty output is written synchronously on the main thread (no
 * transport worker), so the last lines before an exit are never lost.
 */
export function createLogger(settings: LogSettings, destination: NodeJS.WritableStream = process.stdout): Logger {
  if (settings.format === 'json') return pino({ level: settings.level }, destination)
  const stream = pretty({
    sync: true,
    destination,
    colorize: (destination as { isTTY?: boolean }).isTTY === true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  })
  return pino({ level: settings.level }, stream)
}
