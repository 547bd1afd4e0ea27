import { OPTIONS } from '../options.ts'

export const SUBCOMMANDS = ['user', 'measure', 'record', 'replay'] as const
export type Subcommand = (typeof SUBCOMMANDS)[number]

/** The server's flags that take no value (`--build-if-stale`, `--memory`, ...), with or without `=value`. */
const VALUELESS = new Set(OPTIONS.filter((option) => option.kind === 'flag').map((option) => option.flag))

/**
 * The subcommand in a command line, and its own arguments. It is the first argument, or comes
 * after server flags that take no value: `npm start -- user list` runs
 * `mqtt-scope --build-if-stale user list`, and those flags mean nothing to a subcommand. Anything
 * else (`--http-port 8080 user`) is a server command line, whose parser reports what it does not know.
 */
export function findSubcommand(args: readonly string[]): { name: Subcommand; args: string[] } | undefined {
  let i = 0
  while (i < args.length && VALUELESS.has(args[i]!.split('=')[0]!)) i++
  const name = args[i]
  return (SUBCOMMANDS as readonly string[]).includes(name ?? '') ? { name: name as Subcommand, args: args.slice(i + 1) } : undefined
}
