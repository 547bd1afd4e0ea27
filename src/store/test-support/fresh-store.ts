import { afterEach, beforeEach } from 'vitest'
import type { WorkerCommand } from '@/worker/protocol.ts'
import { flushStoredSettings, useAppStore } from '../app-store.ts'
import { setCommandSink } from '../command-sink.ts'

/**
 * The preamble of a test file that drives the store: every command the store sends to the worker
 * lands in the returned array (emptied before each test), and after each test `beforeReset` runs
 * (e.g. testing-library's cleanup, so nothing rendered sees the reset), then the store is put back
 * to its initial state and localStorage is cleared (after the held-back writes of the reset, so none
 * lands in the next test). Call it once, at the top of the file.
 */
export function freshStorePerTest({ beforeReset }: { beforeReset?: () => void } = {}): WorkerCommand[] {
  const sent: WorkerCommand[] = []
  const initialState = useAppStore.getState()
  beforeEach(() => {
    sent.length = 0
    setCommandSink((command) => sent.push(command))
  })
  afterEach(() => {
    beforeReset?.()
    useAppStore.setState(initialState, true)
    flushStoredSettings()
    localStorage.clear()
  })
  return sent
}
