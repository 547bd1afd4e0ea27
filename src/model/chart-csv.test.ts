import { describe, expect, it } from 'vitest'
import { chartCsv, textCell } from './chart-csv.ts'

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function readCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const c = text[i]!
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"'
      i += 2
    } else if (quoted && c === '"') {
      quoted = false
      i += 1
    } else if (!quoted && c === '"' && cell === '') {
      quoted = true
      i += 1
    } else if (!quoted && c === ',') {
      row.push(cell)
      cell = ''
      i += 1
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 2
    } else {
      cell += c
      i += 1
    }
  }
  expect(cell).toBe('') // ends with CRLF
  return rows
}

const T = Date.UTC(2024, 0, 2, 3, 4, 5, 6)

describe('chartCsv', () => {
  it('writes time, epoch_ms and one column per series, rows the union of times in order', () => {
    const { csv, rows, truncated, omittedRows } = chartCsv([
      { label: 'home/temp', times: [T, T + 1000, T + 2000], values: [21.5, 21.6, 21.7] },
      { label: 'home/json humidity', times: [T + 1000, T + 1500], values: [40, -3] },
    ])
    expect(csv).toBe(
      'time,epoch_ms,home/temp,home/json humidity\r\n' +
        `2024-01-02T03:04:05.006Z,${T},21.5,\r\n` +
        `2024-01-02T03:04:06.006Z,${T + 1000},21.6,40\r\n` +
        `2024-01-02T03:04:06.506Z,${T + 1500},,-3\r\n` +
        `2024-01-02T03:04:07.006Z,${T + 2000},21.7,\r\n`,
    )
    expect({ rows, truncated, omittedRows }).toEqual({ rows: 4, truncated: false, omittedRows: 0 })
  })

  it('gives two points of one series at the same time two rows, sharing them with other series in order', () => {
    const { csv } = chartCsv([
      { label: 'a', times: [5, 5, 5], values: [1, 2, 3] },
      { label: 'b', times: [5, 6], values: [10, 20] },
      { label: 'c', times: [5, 5], values: [100, 200] },
    ])
    expect(readCsv(csv).map((r) => r.slice(1))).toEqual([
      ['epoch_ms', 'a', 'b', 'c'],
      ['5', '1', '10', '100'],
      ['5', '2', '', '200'],
      ['5', '3', '', ''],
      ['6', '', '20', ''],
    ])
  })

  it('writes values exactly, as the shortest text that reads back the same', () => {
    const values = [0.1 + 0.2, 1e21, 5e-324, -0.000001, 123456789012345680000, -3, 1, 0]
    const { csv } = chartCsv([{ label: 'v', times: values.map((_, i) => i), values }])
    const read = readCsv(csv)
      .slice(1)
      .map((r) => r[2]!)
    expect(read).toEqual(['0.30000000000000004', '1e+21', '5e-324', '-0.000001', '123456789012345680000', '-3', '1', '0'])
    expect(read.map(Number)).toEqual(values)
  })

  it('escapes headers against formula injection and quotes them per RFC 4180', () => {
    const labels = ['=cmd|" /C calc"!A0', '+1', '-2', '@SUM(A1)', '\tx', '\rx', 'a,b', 'say "hi"', 'line\nbreak', 'plain', 'é/ü']
    const { csv } = chartCsv(labels.map((label) => ({ label, times: [1], values: [-3] })))
    const [header, row] = readCsv(csv)
    expect(header).toEqual([
      'time',
      'epoch_ms',
      `'=cmd|" /C calc"!A0`,
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'a,b',
      'say "hi"',
      'line\nbreak',
      'plain',
      'é/ü',
    ])
    // Values are numbers, not text: a negative value is not escaped.
    expect(row!.slice(2)).toEqual(labels.map(() => '-3'))
  })

  it('stops at the row budget, keeping the oldest rows, and says how many it left out', () => {
    const times = Array.from({ length: 10 }, (_, i) => i)
    const result = chartCsv(
      [
        { label: 'a', times, values: times },
        { label: 'b', times: [3.5], values: [1] },
      ],
      4,
    )
    expect(result).toMatchObject({ rows: 4, truncated: true, omittedRows: 7 })
    expect(readCsv(result.csv).map((r) => r[1])).toEqual(['epoch_ms', '0', '1', '2', '3'])
  })

  it('writes just the header for no points, and copes with no series', () => {
    expect(chartCsv([{ label: 'a', times: [], values: [] }])).toEqual({ csv: 'time,epoch_ms,a\r\n', rows: 0, truncated: false, omittedRows: 0 })
    expect(chartCsv([]).csv).toBe('time,epoch_ms\r\n')
  })

  it('reads typed arrays (what TimeSeries.toArrays gives)', () => {
    const { csv } = chartCsv([{ label: 'a', times: new Float64Array([T]), values: new Float64Array([2.5]) }])
    expect(csv).toBe(`time,epoch_ms,a\r\n2024-01-02T03:04:05.006Z,${T},2.5\r\n`)
  })
})

describe('textCell', () => {
  it('leaves ordinary text alone and escapes the rest', () => {
    expect(textCell('home/temp')).toBe('home/temp')
    expect(textCell('=1+1')).toBe("'=1+1")
    expect(textCell('-a,b')).toBe(`"'-a,b"`)
    expect(textCell('"q"')).toBe('"""q"""')
    expect(textCell('')).toBe('')
  })
})
