import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { emptyField, fieldWindow, hardCap, reduceTextField, type TextFieldAction } from '../../tui/components/text-field-model.js'
import { HlcClock } from '../../daemon/clock.js'

const run = (actions: TextFieldAction[], max?: number) => actions.reduce((s, a) => reduceTextField(s, a, max), emptyField)

describe('text field reducer', () => {
  it('inserts at the cursor, moves, deletes', () => {
    const s = run([
      { type: 'insert', text: 'abd' },
      { type: 'left' },
      { type: 'insert', text: 'c' },
      { type: 'end' },
      { type: 'backspace' },
    ])
    expect(s).toEqual({ value: 'abc', cursor: 3 })
    expect(run([{ type: 'insert', text: 'xy' }, { type: 'home' }, { type: 'delete' }])).toEqual({ value: 'y', cursor: 0 })
  })
  it('never moves the cursor out of the text', () => {
    expect(run([{ type: 'left' }, { type: 'backspace' }])).toEqual(emptyField)
  })
  it('keeps text past its limit and says so with the real length, until shortened (#17: it was cut without a word)', () => {
    const over = run([{ type: 'insert', text: '123456' }], 4)
    expect(over.value).toBe('123456')
    expect(over.notice).toBe('this field holds at most 4 characters: this one is 6, 2 too many')
    const named = (a: TextFieldAction[]) => a.reduce((s, x) => reduceTextField(s, x, 4, 'the reason'), emptyField)
    expect(named([{ type: 'set', value: 'abcdef' }])).toMatchObject({ value: 'abcdef', notice: expect.stringMatching(/^the reason holds/) })
    expect(run([{ type: 'insert', text: '123456' }, { type: 'backspace' }, { type: 'backspace' }], 4)).toEqual({ value: '1234', cursor: 4 })
  })
  it('takes nothing past its hard cap, and counts what it did not take', () => {
    const full = run([{ type: 'insert', text: 'a'.repeat(hardCap(4) + 5) }, { type: 'left' }], 4)
    expect(full.value).toHaveLength(hardCap(4))
    expect(full.notice).toBe(
      `this field holds at most 4 characters: this one is ${hardCap(4) + 5}, ${hardCap(4) + 1} too many; 5 of them not taken`,
    )
    expect(run([{ type: 'insert', text: 'a'.repeat(hardCap(4) + 5) }, { type: 'backspace' }], 4).dropped).toBeUndefined()
  })
})

describe("a field's row", () => {
  const row = (text: string, cursor: number, room: number) => {
    const w = fieldWindow(text, cursor, room)
    return `${w.before}[${w.at}]${w.after}`
  }
  it('shows all of a text that fits, the cursor on its cell', () => {
    expect(row('abc', 3, 10)).toBe('abc[ ]')
    expect(row('abc', 1, 4)).toBe('a[b]c')
  })
  it('shows a window of a longer one that keeps the cursor in sight, … where it is cut, never wider than the row', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz'
    expect(row(text, 26, 10)).toBe('…tuvwxyz[ ]')
    expect(row(text, 0, 10)).toBe('[a]bcdefgh…')
    expect(row(text, 12, 10)).toBe('…fghijkl[m]…')
    for (let cursor = 0; cursor <= text.length; cursor++) {
      const w = fieldWindow(text, cursor, 10)
      expect((w.before + w.at + w.after).length, `cursor ${cursor}`).toBeLessThanOrEqual(10)
      expect(w.at).toBe(text[cursor] ?? ' ')
    }
  })
  it('counts a wide character (CJK, emoji) as the two cells it takes: the row never wraps', () => {
    const text = 'Ünïcødé-名前-'.repeat(20)
    for (let cursor = 0; cursor <= text.length; cursor++) {
      const w = fieldWindow(text, cursor, 30)
      expect(stringWidth(w.before + w.at + w.after), `cursor ${cursor}`).toBeLessThanOrEqual(30)
    }
    expect(fieldWindow('名前名前名前', 0, 8)).toEqual({ before: '', at: '名', after: '前名…' })
    // the cursor on a heart with its variation selector shows both, as one character
    expect(fieldWindow('a❤️b', 1, 10)).toEqual({ before: 'a', at: '❤️', after: 'b' })
  })
  it('never cuts a character in half at its edges', () => {
    const text = '😀'.repeat(20)
    for (let cursor = 0; cursor <= text.length; cursor += 2) {
      const w = fieldWindow(text, cursor, 11)
      expect(w.before + w.after, `cursor ${cursor}`).not.toMatch(/^…?[\udc00-\udfff]|[\ud800-\udbff]…?$/)
    }
  })
})

describe('HlcClock', () => {
  it('counts within a millisecond and moves past clocks seen from other nodes', () => {
    let now = 1000
    const clock = new HlcClock(() => now)
    expect(clock.tick()).toEqual({ t: 1000, c: 0 })
    expect(clock.tick()).toEqual({ t: 1000, c: 1 })
    clock.observe({ t: 5000, c: 3 }) // a peer whose clock is ahead
    expect(clock.tick()).toEqual({ t: 5000, c: 4 })
    now = 6000
    expect(clock.tick()).toEqual({ t: 6000, c: 0 })
    clock.observe({ t: 10, c: 0 }) // an older timestamp changes nothing
    expect(clock.tick()).toEqual({ t: 6000, c: 1 })
  })
})
