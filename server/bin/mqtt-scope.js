#!/usr/bin/env node
// The installed command. The server is TypeScript; tsx compiles it as it loads (once, cached).
// `mqtt-scope user ...` manages the users file, `mqtt-scope measure ...` measures a broker path or
// a device stream, `record`/`replay` record and replay traffic; anything else runs the server. A
// subcommand may follow server flags without a value, as `npm start -- user ...` gives
// `--build-if-stale user ...`.
import { register } from 'tsx/esm/api'

register()
const { findSubcommand } = await import('../subcommands/find-subcommand.ts')
const subcommand = findSubcommand(process.argv.slice(2))
if (subcommand?.name === 'user') {
  const { runUserCommand } = await import('../subcommands/user-command.ts')
  process.exitCode = await runUserCommand(subcommand.args, process.env)
} else if (subcommand?.name === 'measure') {
  const { runMeasureCommand } = await import('../subcommands/measure-command.ts')
  process.exitCode = await runMeasureCommand(subcommand.args)
} else if (subcommand?.name === 'record' || subcommand?.name === 'replay') {
  const { runRecordCommand, runReplayCommand } = await import('../subcommands/record-command.ts')
  process.exitCode = await (subcommand.name === 'record' ? runRecordCommand : runReplayCommand)(subcommand.args)
} else {
  await import('../main.ts')
}
