/**
 * A safe file name for a chart export, from its title (untrusted when it names a topic): every
 * character outside [A-Za-z0-9._-] becomes '_' (no path separator, control or bidi character), no
 * leading dot, at most 120 characters, no reserved device name; "chart" when nothing is left.
 */
export function chartFileName(title: string, extension: 'csv' | 'png'): string {
  let base = title
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .replace(/[._]+$/, '')
  if (base.length > 120) base = base.slice(0, 120)
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(base)) base = `_${base}`
  return `${base || 'chart'}.${extension}`
}
