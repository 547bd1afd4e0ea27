import type { StateCreator } from 'zustand'
import type { AppState } from './app-store.ts'

/** A recording opened in the explorer as a read-only session (issue 16). */
export interface OpenedRecording {
  readonly id: string
  readonly name: string
}

export interface RecordingSessionSlice {
  /** The recording the explorer shows instead of a live connection; undefined when live. */
  openedRecording: OpenedRecording | undefined
  /** Opens a server recording in the explorer (tree, inspector, history, charts), read-only. */
  openRecording(recording: OpenedRecording): void
  /** Back to the live connection. */
  closeRecording(): void
}

// The seam between the Recordings panel (which offers "Open in explorer") and the read-only session
// (which loads the recording into the worker). The session side fills in what opening does.
export const createRecordingSessionSlice: StateCreator<AppState, [], [], RecordingSessionSlice> = (set) => ({
  openedRecording: undefined,
  openRecording(recording) {
    set({ openedRecording: recording })
  },
  closeRecording() {
    set({ openedRecording: undefined })
  },
})
