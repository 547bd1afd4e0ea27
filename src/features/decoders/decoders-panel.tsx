import './decoders.css'
import { CloseIcon } from '@/components/icons.tsx'
import { useAppStore } from '@/store/app-store.ts'
import { ProtoFiles } from './proto-files.tsx'
import { RuleForm } from './rule-form.tsx'
import { RuleList } from './rule-list.tsx'

/**
 * Payload decoders: the .proto files the Protobuf decoder reads, and the rules that say which topics
 * are decoded how (the first matching rule wins; Sparkplug B topics are decoded by themselves).
 * Everything here is kept in this browser and exported with the profiles.
 */
export function DecodersPanel() {
  const open = useAppStore((s) => s.decodersOpen)
  const setDecodersOpen = useAppStore((s) => s.setDecodersOpen)
  if (!open) return null
  return (
    <section className="panel decoders-panel" aria-label="Payload decoders">
      <header className="section-header">
        <h2>Payload decoders</h2>
        <div className="section-actions">
          <button type="button" className="icon-button small" aria-label="Close payload decoders" title="Close" onClick={() => setDecodersOpen(false)}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="panel-body decoders-body">
        <ProtoFiles />
        <section aria-label="Decoding rules" className="decoders-section">
          <h3 className="subheading">Rules: topic filter → decoder</h3>
          <p className="field-hint">
            The first rule whose filter matches a topic decodes it: in the tree&apos;s preview, the payload search, the topic details, the history and the diff.
          </p>
          <RuleList />
          <RuleForm />
        </section>
      </div>
    </section>
  )
}
