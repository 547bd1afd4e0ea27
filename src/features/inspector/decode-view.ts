import { base64Window } from '@/model/base64.ts'
import { describeWindow, formatBytes } from '@/model/display-window.ts'
import { hexDump, hexLineCount, type HexLine } from '@/model/hex-dump.ts'
import { LIMITS } from '@/model/limits.ts'
import { jsonDecoder, lossyTextView, parseJsonText, textDecoder, type JsonView, type PayloadViewId, type TextView } from '@/model/payload-decoders.ts'

/** The window of a payload the worker sent: bytes [offset, offset + bytes.length) of `totalBytes`. */
export interface PayloadWindowInput {
  readonly offset: number
  readonly bytes: Uint8Array
  /** With offset 0: window bytes that end on a whole UTF-8 character. */
  readonly textBytes: number
  readonly totalBytes: number
  /** detectView's answer for the whole payload, when known. */
  readonly detected?: 'json' | 'text' | 'hex'
}

/** One view of the window, ready to render. `label` says how much of the payload it shows. */
export type DecodedView =
  | { readonly view: 'json'; readonly label: string; readonly json: JsonView | undefined; readonly error: string | undefined }
  | {
      readonly view: 'text'
      readonly label: string
      readonly text: TextView
      readonly error: string | undefined
      /** The text starts like a JSON object or array but is not JSON: where and why. */
      readonly jsonError: string | undefined
    }
  /** Rows are made when drawn (hexRow): a 256 KiB window is 16,384 rows, a screen about 30. */
  | { readonly view: 'hex'; readonly label: string; readonly bytes: Uint8Array; readonly offset: number; readonly rows: number }
  | { readonly view: 'base64'; readonly label: string; readonly text: string }

/** Bytes per page when paging (Hex: whole 16-byte rows; Base64: whole 3-byte groups). */
export const PAGE_BYTES = {
  hex: LIMITS.display.bytes,
  base64: Math.floor(LIMITS.display.bytes / 3) * 3,
} as const

const HEX_ROW = 16

/**
 * Row `index` of a hex view `perRow` bytes wide (16, or 8 or 4 where 16 do not fit), its offset
 * counted from the payload's start. Windows start at multiples of 16, so every width lines up.
 */
export function hexRow(view: Extract<DecodedView, { view: 'hex' }>, index: number, perRow = HEX_ROW): HexLine {
  const line = hexDump(view.bytes, { offset: index * perRow, length: perRow, bytesPerLine: perRow })[0]!
  return { ...line, offset: line.offset + view.offset }
}

/** "showing 262,144 of 600,000 bytes", plus where the window starts when it is not the beginning. */
function windowLabel(offset: number, shown: number, total: number): string {
  const base = describeWindow(shown, total).label
  return offset > 0 ? `${base} (from byte ${offset.toLocaleString('en')})` : base
}

/**
 * Decodes the window as `view`, using the model decoders: cheap (at most LIMITS.display.bytes, and
 * never recursive), so it runs on the main thread. The label always counts against the whole
 * payload, never against the window: nothing is cut without saying so.
 */
export function decodeView(view: PayloadViewId, input: PayloadWindowInput): DecodedView {
  const { offset, bytes, totalBytes } = input
  switch (view) {
    case 'json': {
      if (offset !== 0 || bytes.length < totalBytes) {
        const label = describeWindow(0, totalBytes).label
        return {
          view,
          label,
          json: undefined,
          error: `too large to parse as JSON: ${formatBytes(totalBytes)} (the limit is ${formatBytes(LIMITS.display.bytes)}); see Text, or download it`,
        }
      }
      const label = describeWindow(totalBytes, totalBytes).label
      const decoded = jsonDecoder.decode(bytes)
      return 'value' in decoded ? { view, label, json: decoded.value, error: undefined } : { view, label, json: undefined, error: decoded.error }
    }
    case 'text': {
      const shown = offset === 0 ? bytes.subarray(0, input.textBytes) : bytes
      const label = windowLabel(offset, shown.length, totalBytes)
      const decoded = textDecoder.decode(shown)
      if (!('value' in decoded)) return { view, label, text: lossyTextView(shown), error: decoded.error, jsonError: undefined }
      // Only what detectView did not take for JSON is parsed again: it looks like JSON and is not.
      const whole = offset === 0 && shown.length === totalBytes
      const first = decoded.value.text.trimStart().charAt(0)
      const json = whole && input.detected === 'text' && (first === '{' || first === '[') ? parseJsonText(decoded.value.text) : undefined
      return { view, label, text: decoded.value, error: undefined, jsonError: json && 'error' in json ? json.error : undefined }
    }
    case 'hex':
      return { view, label: windowLabel(offset, bytes.length, totalBytes), bytes, offset, rows: hexLineCount(bytes.length, HEX_ROW) }
    case 'base64': {
      // A window that is not the payload's end is encoded in whole 3-byte groups, so it is a slice
      // of the whole payload's Base64 (offsets are multiples of 3: PAGE_BYTES.base64).
      const end = offset + bytes.length >= totalBytes ? bytes.length : Math.floor(bytes.length / 3) * 3
      const { text, byteLength } = base64Window(bytes, 0, end)
      return { view, label: windowLabel(offset, byteLength, totalBytes), text }
    }
  }
}
