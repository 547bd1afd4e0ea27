/**
 * Lines of a JSONL stream that arrives in chunks (a fetch body): a line may be cut anywhere,
 * between chunks or inside a multi-byte character (the caller decodes with TextDecoder's
 * `stream: true`, which keeps a cut character for the next chunk). Only the unfinished last line
 * is held, never the whole text; a line longer than `maxLineChars` is refused instead of growing
 * without bound.
 */
export class JsonlLineReader {
  readonly #maxLineChars: number
  #partial = ''
  /** 1-based number of the last line handed out (blank lines count, so errors name the file's line). */
  #line = 0

  constructor(maxLineChars: number) {
    this.#maxLineChars = maxLineChars
  }

  /** The complete, non-blank lines in `chunk` (with what was left over before it), or why not. */
  push(chunk: string): JsonlLine[] | { readonly line: number; readonly reason: string } {
    const text = this.#partial + chunk
    const out: JsonlLine[] = []
    let start = 0
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      const line = this.#take(text.slice(start, end), out)
      if (line !== undefined) return line
      start = end + 1
    }
    this.#partial = text.slice(start)
    if (this.#partial.length > this.#maxLineChars) return { line: this.#line + 1, reason: `the line is longer than ${this.#maxLineChars} characters` }
    return out
  }

  /** The last line when the stream ended without a newline. */
  end(): JsonlLine[] | { readonly line: number; readonly reason: string } {
    const out: JsonlLine[] = []
    const rest = this.#partial
    this.#partial = ''
    return this.#take(rest, out) ?? out
  }

  #take(raw: string, out: JsonlLine[]): { readonly line: number; readonly reason: string } | undefined {
    this.#line++
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text.length > this.#maxLineChars) return { line: this.#line, reason: `the line is longer than ${this.#maxLineChars} characters` }
    if (text.trim() !== '') out.push({ line: this.#line, text })
    return undefined
  }
}

export interface JsonlLine {
  readonly line: number
  readonly text: string
}
