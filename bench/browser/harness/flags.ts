import path from 'node:path'
import { resultFile } from '../../common/results.ts'

/** The command line of a browser benchmark: `--flag value` pairs and switches, every one known. */
export function readFlags(argv: readonly string[], known: readonly string[]) {
  const all = [...known, '--out', '--no-save']
  for (const a of argv) if (a.startsWith('--') && !all.includes(a)) throw new Error(`unknown option ${a} (known: ${all.join(', ')})`)
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag)
    if (i < 0) return undefined
    const v = argv[i + 1]
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`)
    return v
  }
  return {
    value,
    has: (flag: string) => argv.includes(flag),
    /** Where to save the record: --out FILE, else docs/bench-results/<name>.json; undefined with --no-save. */
    out: (name: string) => (argv.includes('--no-save') ? undefined : path.resolve(value('--out') ?? resultFile(name))),
  }
}
