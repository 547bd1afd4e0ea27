/**
 * Splits long display text into chunks of at most `size` characters for a virtualized view, so
 * the page lays out a few chunks, never 256 KiB of text at once. A chunk ends after a '\n' when
 * there is one in its second half (normal text is split only between lines), else at `size`,
 * never inside a surrogate pair. The chunks put together are the text.
 */
export function textChunks(text: string, size: number): string[] {
  const max = Math.max(2, Math.floor(size))
  const chunks: string[] = []
  let at = 0
  while (text.length - at > max) {
    let end = at + max
    const newline = text.lastIndexOf('\n', end - 1)
    if (newline >= at + max / 2) end = newline + 1
    else {
      const c = text.charCodeAt(end - 1)
      if (c >= 0xd800 && c <= 0xdbff) end-- // keep a surrogate pair together
    }
    chunks.push(text.slice(at, end))
    at = end
  }
  chunks.push(text.slice(at))
  return chunks
}
