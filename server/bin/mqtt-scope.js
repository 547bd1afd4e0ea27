#!/usr/bin/env node
// The installed command. The server is TypeScript; tsx compiles it as it loads (once, cached).
// `mqtt-scope user ...` manages the users file; anything else runs the server.
import { register } from 'tsx/esm/api'

register()
if (process.argv[2] === 'user') {
  const { runUserCommand } = await import('../subcommands/user-command.ts')
  process.exitCode = await runUserCommand(process.argv.slice(3), process.env)
} else {
  await import('../main.ts')
}
