#!/usr/bin/env node
// The installed command. The server is TypeScript; tsx compiles it as it loads (once, cached).
// `mqtt-scope user ...` manages the users file; `record`/`replay` record and replay traffic; anything else runs the server.
import { register } from 'tsx/esm/api'

register()
if (process.argv[2] === 'user') {
  const { runUserCommand } = await import('../subcommands/user-command.ts')
  process.exitCode = await runUserCommand(process.argv.slice(3), process.env)
} else if (process.argv[2] === 'record' || process.argv[2] === 'replay') {
  const { runRecordCommand, runReplayCommand } = await import('../subcommands/record-command.ts')
  process.exitCode = await (process.argv[2] === 'record' ? runRecordCommand : runReplayCommand)(process.argv.slice(3))
} else {
  await import('../main.ts')
}
