import { LIMITS } from './limits.ts'

/** One series of a chart, as the CSV export reads it (times non-decreasing, epoch ms). */
export interface CsvSeries {
  /** Column header: the series label (topic and path). Untrusted text. */
  readonly label: string
  readonly times: ArrayLike<number>
  readonly values: ArrayLike<number>
}

export interface ChartCsv {
  /** RFC 4180 text: CRLF line ends, a header row, then the data rows. */
  readonly csv: string
  /** Data rows written (the header not counted). */
  readonly rows: number
  /** More rows than the budget: only the oldest `rows` were written. */
  readonly truncated: boolean
  /** Rows left out (0 unless truncated), so the UI can say "… 12,345 rows not exported". */
  readonly omittedRows: number
}

/**
 * A chart's data as CSV: columns `time` (ISO 8601 UTC with milliseconds), `epoch_ms`, then one
 * column per series headed by its label. Rows are the union of all the series' times, in time
 * order; a row has a value in the columns of the series with a point at that time and is empty in
 * the others. Series with a point at the same time share a row; a series with two points at one
 * time gives two rows (its second point shares the second row with other series' second points
 * at that time). Values are written exactly (String(v): the shortest text that reads back as the
 * same double; a negative value stays -3).
 *
 * Text cells (the headers: topic names are untrusted; the time cells) are quoted per RFC 4180
 * when they hold a comma, quote, CR or LF, and escaped against formula injection first: a cell
 * starting with =, +, -, @, tab or CR gets a leading '. Numbers are written as numbers.
 *
 * At most `maxRows` data rows (LIMITS.charts.csvRows): beyond that the export stops, keeps the
 * oldest rows and says how many it left out. Tip for the UI: prefix "\uFEFF" to the file so
 * Excel reads non-ASCII topic names as UTF-8.
 */
export function chartCsv(series: readonly CsvSeries[], maxRows: number = LIMITS.charts.csvRows): ChartCsv {
  const lines: string[] = [['time', 'epoch_ms', ...series.map((s) => s.label)].map(textCell).join(',')]
  const lengths = series.map((s) => Math.min(s.times.length, s.values.length))
  const next = series.map(() => 0)
  const cells: string[] = new Array<string>(series.length + 2)
  let rows = 0
  let omittedRows = 0
  for (;;) {
    // The earliest time any series has left: the next row's time.
    let t = Infinity
    for (let k = 0; k < series.length; k++) {
      if (next[k]! < lengths[k]!) t = Math.min(t, series[k]!.times[next[k]!]!)
    }
    if (t === Infinity) break
    const writing = rows < maxRows
    if (writing) {
      cells[0] = textCell(isoTime(t))
      cells[1] = String(t)
    }
    for (let k = 0; k < series.length; k++) {
      const s = series[k]!
      const i = next[k]!
      if (i < lengths[k]! && s.times[i] === t) {
        if (writing) cells[k + 2] = String(s.values[i]!)
        next[k] = i + 1
      } else if (writing) cells[k + 2] = ''
    }
    if (writing) {
      lines.push(cells.join(','))
      rows++
    } else omittedRows++
  }
  return { csv: lines.join('\r\n') + '\r\n', rows, truncated: omittedRows > 0, omittedRows }
}

/** ISO 8601 UTC with milliseconds; '' for a time a Date cannot hold. */
function isoTime(t: number): string {
  const date = new Date(t)
  return Number.isNaN(date.getTime()) ? '' : date.toISOString()
}

/**
 * A text cell: escaped against formula injection (a leading ' before =, +, -, @, tab, CR; OWASP's
 * advice for CSV files opened in spreadsheets), then quoted per RFC 4180 if it holds a comma,
 * quote, CR or LF (inner quotes doubled).
 */
export function textCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
