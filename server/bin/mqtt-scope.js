#!/usr/bin/env node
// The installed command. The server is TypeScript; tsx compiles it as it loads (once, cached).
import { register } from 'tsx/esm/api'

register()
await import('../main.ts')
