import { describe, expect, it } from 'vitest'
import { csvCell, csvLine, neutraliseCell } from '../../protocol/index.js'

describe('CSV export cells: a formula is shown, never run (OWASP CSV injection)', () => {
  it('a cell that starts with = + - @ tab or CR (or their fullwidth forms) gets a leading apostrophe', () => {
    for (const cell of ['=HYPERLINK("http://x","Poplin")', '+1+cmd|x', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＠x'])
      expect(neutraliseCell(cell)).toBe(`'${cell}`)
  })

  it('everything else, plain numbers with a sign included, is left as it is', () => {
    for (const cell of ['Poplin', '', ' =1', "'=1", '-12', '+3.5', '-1,5', 'A-1=2', '8690000000011'])
      expect(neutraliseCell(cell)).toBe(cell)
  })

  it('quoted when it holds the delimiter, a quote or a line break; the stored value is not touched', () => {
    const stored = '=HYPERLINK("http://x","a;b")'
    expect(csvCell(stored)).toBe(`"'=HYPERLINK(""http://x"",""a;b"")"`)
    expect(csvCell('a;b', ';')).toBe('"a;b"')
    expect(csvCell('a;b', ',')).toBe('a;b')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(-5)).toBe('-5')
    expect(stored).toBe('=HYPERLINK("http://x","a;b")')
    expect(csvLine(['P-1', '=1+1', 'Kumaş'], ';')).toBe("P-1;'=1+1;Kumaş\r\n")
  })
})
