import pino, { type Logger } from 'pino'
import pretty from 'pino-pretty'
import type { Config } from './config.ts'

export type { Logger }

/**
 * One logger for the process. Pretty output is written synchronously on the main thread (no
 * transport worker), so the last lines before an exit are never lost.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, destination: NodeJS.WritableStream = process.stdout): Logger {
  if (config.logFormat === 'json') return pino({ level: config.logLevel }, destination)
  const stream = pretty({
    sync: true,
    destination,
    colorize: (destination as { isTTY?: boolean }).isTTY === true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  })
  return pino({ level: config.logLevel }, stream)
}
