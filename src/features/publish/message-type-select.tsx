import { Field } from '@/components/field.tsx'
import { useAppStore } from '@/store/app-store.ts'

const NONE = 'add a .proto file in Payload decoders'

/**
 * The Protobuf format's message type: one of the types the worker found in the user's .proto files
 * (the decoders' status). Without any, the select is disabled and says where to add a .proto file.
 */
export function MessageTypeSelect() {
  const messageType = useAppStore((s) => s.publishDraft.messageType ?? '')
  const types = useAppStore((s) => s.decodersStatus?.messageTypes)
  const { setPublishDraft, setDecodersOpen } = useAppStore.getState()
  const known = types ?? []
  // A type chosen before its .proto file was removed stays visible (sending it says it is not defined).
  const options = messageType !== '' && !known.includes(messageType) ? [messageType, ...known] : known
  const none = known.length === 0 && messageType === ''
  return (
    <div className="payload-format">
      <Field label="Message type" hint={none ? `No message types yet: ${NONE}` : undefined}>
        {(control) => (
          <select {...control} value={messageType} disabled={none} onChange={(e) => setPublishDraft({ messageType: e.target.value })}>
            <option value="">{none ? NONE : 'Choose a message type'}</option>
            {options.map((name) => (
              <option key={name} value={name}>
                {known.includes(name) ? name : `${name} (not in the .proto files)`}
              </option>
            ))}
          </select>
        )}
      </Field>
      {none && (
        <button type="button" className="compact" onClick={() => setDecodersOpen(true)}>
          Payload decoders
        </button>
      )}
    </div>
  )
}
