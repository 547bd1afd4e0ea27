import './recording-session.css'
import { useAppStore } from '@/store/app-store.ts'
import { OpenRecordingButton } from './open-recording-dialog.tsx'
import { RecordingBanner } from './recording-banner.tsx'

/**
 * The read-only recording session (issue 16): while a recording is open, the banner with its time
 * slider and "Back to live"; otherwise the way in, "Open recording…" (the Recordings panel opens
 * recordings through the same store action).
 */
export function RecordingSession() {
  const opened = useAppStore((s) => s.openedRecording)
  return opened ? <RecordingBanner opened={opened} /> : <OpenRecordingButton />
}
