import { describe, expect, it } from 'vitest'
import { fieldsOf, splitCsvRecords } from '../../daemon/catalog/csv-records.js'
import { readCatalogCsv } from '../../daemon/catalog/csv-rows.js'

const lines = (records: Array<{ line: number; fields: string[] }>) => records.map((r) => [r.line, ...r.fields])

describe('CSV records: one per line, a broken one reported alone', () => {
  it('quotes: the delimiter and doubled quotes inside, spaces around, a quote inside an unquoted field kept', () => {
    expect(fieldsOf('a; "b;c" ;"say ""hi""";15" LCD;', ';')).toEqual(['a', 'b;c', 'say "hi"', '15" LCD', ''])
    expect(fieldsOf('"",x', ',')).toEqual(['', 'x'])
    expect(fieldsOf(' plain , text ', ',')).toEqual(['plain', 'text'])
  })

  it('a quote left open is reported on its line, and every line after it is still read', () => {
    const { records, problems } = splitCsvRecords(
      ['sku;name;unit', 'A-1;Poplin;m', 'A-2;"Saten;m', 'A-3;Keten;m', 'A-4;"Good; name";m', 'A-5;"x"y;m', 'A-6;"ok";m'].join('\n'),
    )
    expect(lines(records)).toEqual([
      [2, 'A-1', 'Poplin', 'm'],
      [4, 'A-3', 'Keten', 'm'],
      [5, 'A-4', 'Good; name', 'm'],
      [7, 'A-6', 'ok', 'm'],
    ])
    expect(problems).toEqual([
      { line: 3, reason: 'a quote opens field 2 and is not closed on this line (a field never spans lines)' },
      { line: 6, reason: 'field 2: "y" after its closing quote (a quote inside a quoted field is written twice: "")' },
    ])
  })

  it('a quoted field across two lines (an Excel Alt+Enter) is two bad lines, never a name with a line break', () => {
    const { records, problems } = splitCsvRecords('sku,name,unit\nA-1,"Poplin\nlacivert",m\nA-2,Saten,m\n')
    expect(lines(records)).toEqual([[4, 'A-2', 'Saten', 'm']])
    expect(problems.map((p) => p.line)).toEqual([2, 3])
  })

  it('CRLF, a lone CR and blank lines: line numbers stay those of the file', () => {
    const { header, records } = splitCsvRecords('\uFEFFsku,name\r\n\r\nA-1,x\r\nA-2,y\rA-3,z\r\n   \r\n')
    expect(header?.fields).toEqual(['sku', 'name'])
    expect(lines(records)).toEqual([
      [3, 'A-1', 'x'],
      [4, 'A-2', 'y'],
      [5, 'A-3', 'z'],
    ])
  })

  it('hostile input: an empty file, only quotes, an enormous field, 200,000 columns', () => {
    expect(splitCsvRecords('')).toEqual({ header: null, records: [], problems: [] })
    expect(readCatalogCsv('products', '')).toEqual({ rows: [], bad: [{ line: 1, reason: 'the file is empty: no header row' }] })
    expect(readCatalogCsv('products', '\n \n\r\n')).toEqual({ rows: [], bad: [{ line: 1, reason: 'the file is empty: no header row' }] })
    const quotes = readCatalogCsv('products', '"""""\n""""\n"\n""""""')
    expect(quotes.rows).toEqual([])
    expect(quotes.bad).toEqual([{ line: 1, reason: expect.stringMatching(/^the header: a quote opens field 1/) }])
    // a header of quotes that does close, then rows of only quotes: each one line, one reason
    const closed = splitCsvRecords('sku,name\n"""",""""\n"\n""')
    expect(lines(closed.records)).toEqual([[2, '"', '"']])
    expect(closed.problems.map((p) => p.line)).toEqual([3, 4])
    // a 4 MB name, quoted and not: refused by its length, alone; the line after lands
    const huge = 'x'.repeat(4 * 1024 * 1024)
    const t0 = performance.now()
    const read = readCatalogCsv('products', `sku,name,unit\nA-1,"${huge}",m\nA-2,${huge},m\nA-3,Fine,m\n`)
    expect(performance.now() - t0).toBeLessThan(5_000)
    expect(read.bad.map((b) => [b.line, b.reason.slice(0, 6)])).toEqual([
      [2, 'name: '],
      [3, 'name: '],
    ])
    expect(read.rows.map((r) => r.line)).toEqual([4])
    // a header of 200,000 columns (2 MB): refused at once, not read for seconds
    const wide = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',')
    const t1 = performance.now()
    const columns = readCatalogCsv('products', `sku,name,unit,${wide}\nA-1,x,m,${wide}\n`)
    expect(performance.now() - t1).toBeLessThan(5_000)
    expect(columns).toEqual({ rows: [], bad: [{ line: 1, reason: 'the header has 200003 columns; a catalog file has at most 1000' }] })
  })

  it('the header: two columns of one name are refused, not one of them dropped', () => {
    expect(readCatalogCsv('products', 'sku,name,unit,color,Color\nA-1,x,m,red,blue\n').bad).toEqual([
      { line: 1, reason: 'the header names color twice' },
    ])
  })

  it('a column named __proto__ is refused, not dropped without a word', () => {
    expect(readCatalogCsv('products', 'sku,name,unit,__proto__\nA-1,x,m,polluted\n').bad).toEqual([
      { line: 1, reason: 'the header names __proto__, which cannot be an attribute' },
    ])
    const read = readCatalogCsv('products', 'sku,name,unit,constructor\nA-1,x,m,c\n')
    expect(read.rows[0]?.record).toMatchObject({ attributes: { constructor: 'c' } })
  })

  it('a formula-leading name is kept as typed', () => {
    const read = readCatalogCsv('products', 'sku;name;unit;note\nF-1;"=HYPERLINK(""http://x"",""Poplin"")";m;@SUM(A1)\n')
    expect(read.rows[0]?.record).toMatchObject({ name: '=HYPERLINK("http://x","Poplin")', attributes: { note: '@SUM(A1)' } })
  })
})
