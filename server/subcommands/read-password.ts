/** The most a password may be: an MQTT password field holds up to 65,535 bytes. */
export const MAX_PASSWORD_BYTES = 65_535

/**
 * The first line of standard input (without its line break), for `--password-stdin` and for a
 * stdin that is a pipe: `echo "$PW" | mqtt-scope user add alice`. Reads at most a little more
 * than one password.
 */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = ''
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    if (text.includes('\n') || Buffer.byteLength(text) > MAX_PASSWORD_BYTES + 2) break
  }
  const end = text.search(/\r?\n/)
  return end === -1 ? text : text.slice(0, end)
}

/**
 * Asks on the terminal with echo off: what is typed is not shown. Backspace edits, Ctrl+C and
 * Ctrl+D cancel (undefined).
 */
export function promptPassword(
  question: string,
  stdin: NodeJS.ReadStream = process.stdin,
  out: NodeJS.WriteStream = process.stderr,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    out.write(question)
    let typed = ''
    const finish = (value: string | undefined) => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      out.write('\n')
      resolve(value)
    }
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(typed)
        if (char === '\u0003' || (char === '\u0004' && typed === '')) return finish(undefined)
        if (char === '\u007f' || char === '\b') typed = Array.from(typed).slice(0, -1).join('')
        else if (char >= ' ') typed += char
      }
    }
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on('data', onData)
  })
}
