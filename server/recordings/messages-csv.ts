import { toBase64 } from '../../src/model/base64.ts'
import type { RecordedMessage } from '../../src/model/recording-jsonl.ts'

/** CSV export (RFC 4180): the JSONL fields as columns, properties as their JSON text. */
export function messagesCsvHeader(): string {
  return 'ts,topic,qos,retain,payload_base64,properties\r\n'
}

export function messageCsvLine(message: RecordedMessage): string {
  const properties = message.properties === undefined ? '' : JSON.stringify(message.properties)
  return (
    [String(message.ts), quote(message.topic), String(message.qos), String(message.retain), toBase64(message.payload), quote(properties)].join(',') + '\r\n'
  )
}

function quote(text: string): string {
  // Quoted always, and a leading =, +, -, @ defused, so a spreadsheet never runs a topic as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return `"${safe.replace(/"/g, '""')}"`
}
