import { describe, expect, it } from 'vitest'
import { findSubcommand } from './find-subcommand.ts'

describe('findSubcommand', () => {
  it('finds a subcommand first, or after server flags without a value (npm start puts --build-if-stale first)', () => {
    expect(findSubcommand(['user', 'list', '--users-file', 'u'])).toEqual({ name: 'user', args: ['list', '--users-file', 'u'] })
    expect(findSubcommand(['--build-if-stale', 'user', 'add', 'a'])).toEqual({ name: 'user', args: ['add', 'a'] })
    expect(findSubcommand(['--build-if-stale', '--memory=true', 'measure', '--url', 'mqtt://x'])).toEqual({ name: 'measure', args: ['--url', 'mqtt://x'] })
  })

  it('leaves server command lines to the server', () => {
    expect(findSubcommand([])).toBeUndefined()
    expect(findSubcommand(['--build-if-stale'])).toBeUndefined()
    expect(findSubcommand(['--http-port', '8080', 'user'])).toBeUndefined()
    expect(findSubcommand(['--log-level', 'measure'])).toBeUndefined()
  })
})
