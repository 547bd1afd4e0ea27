/** Saves `text` as a file the browser downloads (an object URL on a temporary link). */
export function downloadText(filename: string, text: string, type = 'application/json'): void {
  downloadBlob(filename, new Blob([text], { type }))
}

/** Saves a Blob (e.g. a response fetched with an Authorization header, which a plain link cannot send). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
