import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { cut, formatRow, layoutColumns, windowStart, type Column } from '../../tui/components/columns.js'
import { toAscii, utf8Terminal } from '../../tui/components/glyphs.js'
import { inWords } from '../../tui/components/refusal.js'
import { tokenize } from '../../tui/keys/tokenize.js'
import { menuDigits } from '../../tui/screens/menu.js'
import { seededRandom } from '../helpers/seeded-random.js'

/** The pure parts of the screen habits (issue #21); the tmux test shows them in a terminal. */
type Roll = { code: string; lot: string; name: string; qty: string }
const rolls: Roll[] = [
  { code: 'R-DEMO-11', lot: 'L2026-114', name: 'Poplin 120 lacivert, quality A', qty: '50 m' },
  { code: 'R-DEMO-12', lot: 'L2026-120', name: 'Poplin 120 beyaz', qty: '1.440,5 m' },
]
const columns: Column<Roll>[] = [
  { kind: 'code', cell: (r) => r.code },
  { kind: 'code', cell: (r) => r.lot },
  { kind: 'number', cell: (r) => r.qty },
  { kind: 'text', cell: (r) => r.name, min: 6 },
]

describe('columns keep codes whole and cut only descriptions', () => {
  for (const width of [80, 40, 32])
    it(`at ${width} columns`, () => {
      const layout = layoutColumns(columns, rolls, width)
      for (const r of rolls) {
        const line = formatRow(layout, r)
        expect(line.length).toBeLessThanOrEqual(width)
        expect(line).toContain(r.lot) // L2026-114, never L2026-11
        expect(line).toContain(r.code)
        expect(line).toContain(r.qty)
        if (!line.includes(r.name)) expect(line).toMatch(/…$/) // a cut name says so
      }
    })
  it('drops an optional column before it cuts a code', () => {
    const withOptional: Column<Roll>[] = [...columns.slice(0, 3), { kind: 'code', cell: (r) => r.name, optional: true }]
    const layout = layoutColumns(withOptional, rolls, 30)
    expect(layout.columns).toHaveLength(3)
  })
  it('a short text column keeps its whole value while a long one gives way (a node "vm" was a bare "…" at 60 columns)', () => {
    type Note = { at: string; who: string; text: string; node: string }
    const notes: Note[] = [
      {
        at: '09:41',
        who: 'Mia Demir',
        text: 'The forklift near rack C makes a grinding noise when it lifts past the second level',
        node: 'vm',
      },
      { at: '09:12', who: 'Administrator', text: 'Label printer on bench 2 runs low on paper: spare rolls in drawer 3.', node: 'vm' },
    ]
    // the Shift notes screen's columns (tui/screens/notes.tsx)
    const cols: Column<Note>[] = [
      { kind: 'code', cell: (n) => n.at },
      { kind: 'text', cell: (n) => n.who, min: 4, max: 14 },
      { kind: 'text', cell: (n) => n.text, min: 12 },
      { kind: 'text', cell: (n) => n.node, min: 6, max: 14, optional: true },
    ]
    for (const width of [58, 78, 40]) {
      const layout = layoutColumns(cols, notes, width)
      const [, who, text, node] = layout.widths
      expect(layout.columns, `${width}`).toHaveLength(4)
      expect(node, `${width}`).toBe(2)
      expect(who! + text! + node! + 5 + 3, `${width}: the room is used`).toBe(width)
      for (const n of notes) {
        const line = formatRow(layout, n)
        expect(stringWidth(line)).toBeLessThanOrEqual(width)
        expect(line.endsWith(' vm'), `${width}: ${line}`).toBe(true)
      }
    }
  })

  it('text columns share any width: never past the room, never below zero or past what they want, each its floor when the floors fit', () => {
    const rand = seededRandom(15)
    const int = (n: number) => Math.floor(rand() * n)
    for (let round = 0; round < 2000; round++) {
      const count = 1 + int(4)
      const wants = Array.from({ length: count }, () => 1 + int(60))
      const cols: Column<string[]>[] = wants.map((_, i) => ({ kind: 'text', cell: (r) => r[i]!, min: 1 + int(12) }))
      const row = wants.map((w) => 'x'.repeat(w))
      const width = int(120)
      const { columns: shown, widths } = layoutColumns(cols, [row], width)
      const room = Math.max(0, width - (shown.length - 1))
      const seen = `seed 15, round ${round}: wants ${JSON.stringify(wants)} width ${width} -> ${JSON.stringify(widths)}`
      expect(
        widths.reduce((a, b) => a + b, 0),
        seen,
      ).toBeLessThanOrEqual(room)
      shown.forEach((c, i) => {
        const want = wants[cols.indexOf(c)]!
        expect(widths[i], seen).toBeGreaterThanOrEqual(0)
        expect(widths[i], seen).toBeLessThanOrEqual(want)
      })
      const floors = shown.map((c) => Math.min(c.min!, wants[cols.indexOf(c)]!))
      if (floors.reduce((a, b) => a + b, 0) <= room) floors.forEach((f, i) => expect(widths[i], seen).toBeGreaterThanOrEqual(f))
      if (wants.reduce((a, b) => a + b, 0) <= room) expect(widths, seen).toEqual(wants)
    }
  })

  it('cut marks what it cut', () => {
    expect(cut('Poplin', 10)).toBe('Poplin')
    expect(cut('Poplin lacivert', 8)).toBe('Poplin …')
  })
  it('counts a wide character as the two cells it takes: the columns after it stay in line', () => {
    type Shift = { who: string; state: string }
    const wide: Shift[] = [
      { who: '=Taco "Número Uno", 名前名前', state: 'open' },
      { who: 'Van', state: 'closed' },
    ]
    const cols: Column<Shift>[] = [
      { header: 'who', kind: 'text', cell: (r) => r.who, min: 8 },
      { header: 'state', kind: 'code', cell: (r) => r.state },
    ]
    for (const width of [60, 24]) {
      const layout = layoutColumns(cols, wide, width)
      const lines = wide.map((r) => formatRow(layout, r))
      const column = (line: string, word: string) => stringWidth(line.slice(0, line.indexOf(word)))
      expect(column(lines[0]!, 'open'), `at ${width}`).toBe(column(lines[1]!, 'closed'))
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width)
    }
    expect(cut('名前名前', 5)).toBe('名前…')
    // a character is never split: ❤️ is a heart and a variation selector, two cells together
    expect(cut('❤️xyz', 4)).toBe('❤️x…')
    expect(cut('❤️x', 2)).toBe('…')
  })
  it('a window keeps the cursor in view', () => {
    expect(windowStart(0, 100, 10)).toBe(0)
    expect(windowStart(50, 100, 10)).toBe(45)
    expect(windowStart(99, 100, 10)).toBe(90)
  })
})

describe('ASCII where the locale is not UTF-8', () => {
  it('reads the locale as the C library does', () => {
    expect(utf8Terminal({ LANG: 'C' })).toBe(false)
    expect(utf8Terminal({ LANG: 'en_US.UTF-8' })).toBe(true)
    expect(utf8Terminal({ LANG: 'en_US.UTF-8', LC_ALL: 'C' })).toBe(false)
    expect(utf8Terminal({ LANG: 'tr_TR.utf8', OUTPOST_ASCII: '1' })).toBe(false)
  })
  it('one column for one column, escape codes untouched', () => {
    const text = '\u001b[7m Menu — Ana │ ✓ picked… ┌─┐ Kumaş beyaz ı\u001b[27m'
    const ascii = toAscii(text)
    expect(ascii).toBe('\u001b[7m Menu - Ana | + picked~ +-+ Kumas beyaz i\u001b[27m')
    expect([...ascii].length).toBe([...text].length)
    expect(ascii).not.toMatch(/[^\x00-\x7f]/) // eslint-disable-line no-control-regex -- the point
  })
})

describe('refusals in a person’s words', () => {
  it.each([
    ['stock.receive: rolls: Too small: expected number to be >=1', 'The number of rolls must be at least 1'],
    ['scan.resolve: code: Too small: expected string to have >=1 characters', 'The code is empty'],
    ['stock.receive: rolls: Invalid input: expected number, received string', 'The number of rolls should be a number'],
    ['roll R-1 is held for order SO-1', 'roll R-1 is held for order SO-1'],
  ])('%s', (raw, said) => {
    expect(inWords(raw)).toBe(said)
    expect(inWords(raw)).not.toMatch(/Too small|Invalid input|expected \w+/)
  })
})

describe('the menu reaches items 10 and up', () => {
  const numbers = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  it('opens a number no longer one starts with, and waits on one that may go on', () => {
    expect(menuDigits('4', numbers)).toEqual({ open: 2 })
    expect(menuDigits('1', numbers)).toEqual({ select: 0, typed: '1' })
    expect(menuDigits('11', numbers)).toEqual({ open: 9 })
    expect(menuDigits('2', numbers)).toBeNull() // a gap: a screen this role does not get
  })
})

describe('F1 opens the help from a field', () => {
  it.each([['\u001bOP'], ['\u001b[11~'], ['\u001b[[A'], ['\u001b[1;2P']])('%j', (seq) => {
    expect(tokenize(seq)).toEqual([{ name: 'f1' }])
  })
})
