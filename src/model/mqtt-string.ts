/**
 * [MQTT-1.5.4] the rules of a UTF-8 Encoded String (MQTT 5; 3.1.1 section 1.5.3 is the same): no
 * U+0000 [MQTT-1.5.4-2], well-formed so no unpaired UTF-16 surrogate [MQTT-1.5.4-1], at most
 * 65,535 bytes once encoded (a two-byte length prefix). Used for MQTT 5 properties; topic names
 * have their own, stricter check in topic-rules.ts.
 */
export const MQTT_STRING_MAX_BYTES = 65_535

/** Why `value` cannot be sent as an MQTT string, or undefined. `label` starts the message ("Content type"). */
export function checkMqttString(value: string, label: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 0) return `${label} contains a NUL character (U+0000), which MQTT forbids`
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return unpaired(label, i)
    } else if (c >= 0xdc00 && c <= 0xdfff) return unpaired(label, i)
  }
  const bytes = utf8Length(value)
  if (bytes > MQTT_STRING_MAX_BYTES) return `${label} is ${bytes.toLocaleString('en')} bytes long in UTF-8; MQTT allows at most 65,535`
  return undefined
}

/** Bytes of the string in UTF-8, counted without encoding (an unpaired surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(value: string): number {
  let bytes = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

function unpaired(label: string, index: number): string {
  return `${label} contains a broken character at position ${index + 1} (an unpaired UTF-16 surrogate), which cannot be sent as UTF-8`
}
