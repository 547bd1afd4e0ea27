import { FileTransfer } from '@/components/file-transfer.tsx'
import { useAppStore } from '@/store/app-store.ts'

/** Export the saved messages to mqtt-scope-messages.json and import such a file back. */
export function MessageTransfer() {
  return (
    <FileTransfer
      className="message-transfer"
      noun="messages"
      fileName="mqtt-scope-messages.json"
      exportText={() => useAppStore.getState().exportSavedMessages()}
      importText={(text) => useAppStore.getState().importSavedMessages(text)}
      compact
    />
  )
}
