import { describe, expect, it } from 'vitest'
import { applyToDraft, EMPTY_DRAFT, parseEntry } from '../../tui/components/kitchen-entry.js'
import { ageOf, byAge, DEFAULT_AGEING, layoutBoard, pageStarts } from '../../tui/components/kitchen-layout.js'
import { boardBindings, DEFAULT_KEYMAP, keymapOf, tileNumberOf } from '../../tui/keys/kitchen-keymap.js'
import { tile, T0 } from '../helpers/kitchen-tiles.js'

describe('the board layout', () => {
  it('puts at least 4 tiles side by side at 80 columns, and 8 columns at 160', () => {
    const tiles = Array.from({ length: 40 }, (_, i) => tile(i, 12))
    // 80x24: 24 rows less status bar, title and footer
    const small = layoutBoard(tiles, 80, 16, 0)
    expect(small.columns).toHaveLength(4)
    expect(small.columns.flat()).toHaveLength(4)
    const big = layoutBoard(tiles, 160, 40, 0)
    expect(big.columns).toHaveLength(8)
    expect(big.columns.flat().length).toBeGreaterThanOrEqual(16)
  })

  it('flows small tickets down a column before the next, oldest first, numbered in reading order', () => {
    const tiles = byAge([tile(3, 1), tile(1, 1), tile(2, 1), tile(4, 1), tile(5, 1)])
    const layout = layoutBoard(tiles, 80, 16, 0)
    // a one-item tile is 5 rows: three fit in 16
    expect(layout.columns[0]!.map((p) => p.tile.id)).toEqual(['T1', 'T2', 'T3'])
    expect(layout.columns[1]!.map((p) => p.tile.id)).toEqual(['T4', 'T5'])
    expect(layout.columns.flat().map((p) => p.number)).toEqual([1, 2, 3, 4, 5])
  })

  it('cuts a ticket taller than a column, saying how many lines are hidden', () => {
    const [placed] = layoutBoard([tile(1, 30)], 80, 16, 0).columns[0]!
    expect(placed!.height).toBe(16)
    expect(placed!.body.length + 1 + 4).toBe(16)
    expect(placed!.hidden).toBe(30 - placed!.body.length)
  })

  it('pages: every tile is on exactly one page, and the selected tile picks the page', () => {
    const tiles = Array.from({ length: 200 }, (_, i) => tile(i, 3))
    const starts = pageStarts(tiles, 80, 16)
    expect(starts.length).toBeGreaterThan(1)
    const seen = starts.flatMap((_, p) =>
      layoutBoard(tiles, 80, 16, starts[p]!)
        .columns.flat()
        .map((x) => x.index),
    )
    expect(seen).toEqual(tiles.map((_, i) => i))
    expect(layoutBoard(tiles, 80, 16, 199).page).toBe(starts.length - 1)
  })

  it('ages by the thresholds, with a marker that reads without colour', () => {
    expect(ageOf(T0 + 59_000, T0, DEFAULT_AGEING)).toEqual({ text: '0:59', level: 'fresh', marker: '' })
    expect(ageOf(T0 + 5 * 60_000, T0, DEFAULT_AGEING)).toMatchObject({ text: '5:00', level: 'warn', marker: '!' })
    expect(ageOf(T0 + 8 * 60_000 + 1000, T0, DEFAULT_AGEING)).toMatchObject({ text: '8:01', level: 'late', marker: '!!' })
    expect(ageOf(T0 + 3_725_000, T0, DEFAULT_AGEING).text).toBe('1:02:05')
    // a ticket stamped by a clock a little ahead is never negative
    expect(ageOf(T0, T0 + 5000, DEFAULT_AGEING).text).toBe('0:00')
  })
})

describe('the bump bar keymap', () => {
  it('maps keys 1-9 to tiles 1-9 by default, and a config file remaps them', () => {
    expect(tileNumberOf(DEFAULT_KEYMAP, { name: 'char', char: '7' })).toBe(7)
    expect(tileNumberOf(DEFAULT_KEYMAP, { name: 'char', char: 'x' })).toBeNull()
    const map = keymapOf({ bumpTile: ['q', 'w', 'e'], recall: ['pageup'], hold: ['ctrl-h'] })
    expect(typeof map).toBe('object')
    if (typeof map === 'string') return
    expect(tileNumberOf(map, { name: 'char', char: 'w' })).toBe(2)
    expect(tileNumberOf(map, { name: 'char', char: '2' })).toBeNull()
    const help = boardBindings(map)
    expect(help.find((b) => b.command === 'recall')!.label).toBe('PgUp')
    expect(help.find((b) => b.command === 'bumpTile')!.label).toBe('q/w/e')
    expect(boardBindings(DEFAULT_KEYMAP).find((b) => b.command === 'bumpTile')!.label).toBe('1-9')
  })

  it('refuses a config it cannot use, in one line', () => {
    expect(keymapOf({ bump: 'x' })).toMatch(/command: \["key"/)
    expect(keymapOf({ explode: ['x'] })).toMatch(/"explode" is not a board command/)
    expect(keymapOf({ recall: ['F13'] })).toMatch(/"F13" is not a key the board can use/)
    expect(keymapOf({ recall: ['?'] })).toMatch(/not a key the board can use/)
    expect(keymapOf({ recall: ['ctrl-c'] })).toMatch(/not a key the board can use/)
    // r is hold's now and still recall's by default: the bar would do one of them silently
    expect(keymapOf({ hold: ['r'] })).toBe('the key r is given to both hold and recall')
    // a hostile file: no prototype reached, the defaults stand
    expect(keymapOf(JSON.parse('{"__proto__": ["x"], "constructor": ["y"]}'))).toMatch(/"constructor" is not a board command/)
    expect(keymapOf(JSON.parse('{"__proto__": ["x"]}'))).toEqual(DEFAULT_KEYMAP)
    // the limit and the key said, not only the file's shape
    const ten = Array.from({ length: 10 }, (_, i) => String(i))
    expect(keymapOf({ bumpTile: ten })).toBe('bumpTile takes at most 9 keys, one per tile (10 given)')
    expect(keymapOf({ recall: ten })).toBe('recall takes at most 9 keys (10 given)')
    expect(keymapOf({ bumpTile: ['1', '1'] })).toBe('the key 1 is given twice to bumpTile')
  })
})

describe('the counter entry line', () => {
  it('reads menu numbers, quantities, modifiers, allergies, notes, names and ticket numbers', () => {
    expect(parseEntry('12')).toEqual({ kind: 'item', number: 12, qty: 1 })
    expect(parseEntry('3*12')).toEqual({ kind: 'item', number: 12, qty: 3 })
    expect(parseEntry('2x 7')).toEqual({ kind: 'item', number: 7, qty: 2 })
    expect(parseEntry('+no onion')).toEqual({ kind: 'modifier', text: 'no onion' })
    expect(parseEntry('!Nuts')).toEqual({ kind: 'allergy', text: 'nuts' })
    expect(parseEntry('"well done"')).toEqual({ kind: 'note', text: 'well done' })
    expect(parseEntry('@table 4')).toEqual({ kind: 'label', text: 'table 4' })
    expect(parseEntry('#T-12')).toEqual({ kind: 'addTo', ticket: 'T-12' })
    expect(parseEntry('')).toEqual({ kind: 'fire' })
    expect(parseEntry('-')).toEqual({ kind: 'remove' })
  })

  it('refuses what it cannot read, in words', () => {
    expect(parseEntry('burger')).toMatchObject({ kind: 'refused', text: expect.stringContaining('"burger" is not a menu number') })
    expect(parseEntry('0*3')).toMatchObject({ kind: 'refused' })
    expect(parseEntry('!n4ts')).toMatchObject({ kind: 'refused' })
    expect(parseEntry('+')).toMatchObject({ kind: 'refused' })
    expect(parseEntry('#a b')).toMatchObject({ kind: 'refused' })
    expect(parseEntry('100*1')).toEqual({ kind: 'refused', text: 'at most 99 of an item on one line (100 asked)' })
    expect(parseEntry('1000 x 2')).toEqual({ kind: 'refused', text: 'at most 99 of an item on one line (1000 asked)' })
    // too long is refused with the count, never cut
    expect(parseEntry(`"${'n'.repeat(250)}`)).toEqual({
      kind: 'refused',
      text: 'a note is at most 200 characters (this one is 250): shorten it',
    })
    expect(parseEntry(`+${'m'.repeat(70)}`)).toEqual({
      kind: 'refused',
      text: 'a modifier is at most 60 characters (this one is 70): shorten it',
    })
    expect(parseEntry(`@${'t'.repeat(41)}`)).toMatchObject({ kind: 'refused', text: expect.stringContaining('at most 40') })
    expect(parseEntry(`"${'n'.repeat(200)}`)).toEqual({ kind: 'note', text: 'n'.repeat(200) })
    expect(applyToDraft(EMPTY_DRAFT, { kind: 'modifier', text: 'x' })).toBe('add an item first (its menu number), then this')
  })
})
