import { describe, expect, it } from 'vitest'
import { KeyRouter } from '../../tui/keys/key-router.js'
import { boardBindings, keymapOf, tileNumberOf, type Keymap } from '../../tui/keys/kitchen-keymap.js'
import { scanFrameOf, type ScanFrame } from '../../tui/keys/scan-frame.js'
import { tokenize, type Key } from '../../tui/keys/tokenize.js'

/**
 * Bump bars are programmable keyboards, and many are programmed to send F-keys or keypad keys
 * (issue #17). The tokenizer used to drop all of them but F1; now each is a named key a board's
 * key map can bind, and scans read as before around them.
 */
const names = (text: string) => tokenize(text).map((k) => (k.name === 'char' ? k.char : k.name))
const F = (n: number) => `f${n}`

describe('tokenize: function and keypad keys', () => {
  const ROWS: Array<[string, string, string[]]> = [
    ['xterm F1-F4 (SS3)', '\u001bOP\u001bOQ\u001bOR\u001bOS', [1, 2, 3, 4].map(F)],
    [
      'xterm F5-F12',
      '\u001b[15~\u001b[17~\u001b[18~\u001b[19~\u001b[20~\u001b[21~\u001b[23~\u001b[24~',
      [5, 6, 7, 8, 9, 10, 11, 12].map(F),
    ],
    ['rxvt / VT220 F1-F5', '\u001b[11~\u001b[12~\u001b[13~\u001b[14~\u001b[15~', [1, 2, 3, 4, 5].map(F)],
    ['Linux console F1-F5', '\u001b[[A\u001b[[B\u001b[[C\u001b[[D\u001b[[E', [1, 2, 3, 4, 5].map(F)],
    ['with a modifier (Shift-F1, Ctrl-F5): the key itself', '\u001b[1;2P\u001b[1;5S\u001b[15;5~', ['f1', 'f4', 'f5']],
    [
      'the keypad in application mode',
      '\u001bOp\u001bOq\u001bOy\u001bOM\u001bOk\u001bOm\u001bOj\u001bOo\u001bOn',
      ['kp0', 'kp1', 'kp9', 'kpenter', 'kpplus', 'kpminus', 'kpmultiply', 'kpdivide', 'kpdecimal'],
    ],
    ['insert', '\u001b[2~', ['insert']],
    ['between characters, nothing of the sequence typed', 'a\u001b[17~b\u001bOSc', ['a', 'f6', 'b', 'f4', 'c']],
    ['a cursor position report is no F3', 'x\u001b[12;40Ry', ['x', 'y']],
    ['F13 and up, unknown: dropped whole', 'x\u001b[25~\u001b[99~y', ['x', 'y']],
  ]
  for (const [name, input, want] of ROWS) it(name, () => expect(names(input)).toEqual(want))
})

/** A router whose timers run by hand (as key-router.test.ts). */
function harness(frame: ScanFrame | null = null) {
  const keys: Key[] = []
  const scans: string[] = []
  const unended: string[] = []
  let pending: (() => void) | null = null
  const router = new KeyRouter(
    { key: (k) => keys.push(k), scan: (c) => scans.push(c), unended: (c) => unended.push(c) },
    { frame, setTimer: (fn) => (pending = fn), clearTimer: () => (pending = null), afterPendingInput: (fn) => fn() },
  )
  const elapse = () => {
    const fn = pending
    pending = null
    fn?.()
  }
  return { router, keys, scans, elapse }
}

describe('scans around bump-bar keys', () => {
  it('timing mode: an F-key before and after a scan is a key; the scan is whole', () => {
    const h = harness()
    h.router.push('\u001b[15~')
    h.router.push('R-12345\r')
    h.router.push('\u001bOQ')
    expect(h.scans).toEqual(['R-12345'])
    expect(h.keys.map((k) => k.name)).toEqual(['f5', 'f2'])
  })

  it('timing mode: an F-key pressed while characters are held lets them go as keys first, in order', () => {
    const h = harness()
    h.router.push('ab\u001b[24~')
    expect(h.keys.map((k) => (k.name === 'char' ? k.char : k.name))).toEqual(['a', 'b', 'f12'])
    expect(h.scans).toEqual([])
  })

  it('framed scans: an F-key inside a scan is no part of the code and does not end it', () => {
    const frame = scanFrameOf(']', '\\r')
    if (frame === null || frame === 'invalid') throw new Error('frame')
    const h = harness(frame)
    h.router.push(']R-1\u001bOP2\r')
    expect(h.scans).toEqual(['R-12'])
    h.router.push('\u001b[17~')
    expect(h.keys.map((k) => k.name)).toEqual(['f6'])
  })
})

describe('a bump bar key map with F-keys and the keypad', () => {
  const map = keymapOf({ bumpTile: ['F1', 'f2', 'f3', 'kp4'], recall: ['f12'], hold: ['KPENTER'], cancel: ['insert'] }) as Keymap

  it('maps each key the bar sends to its command', () => {
    expect(typeof map).toBe('object')
    const key = (seq: string) => tokenize(seq)[0]!
    expect(tileNumberOf(map, key('\u001bOP'))).toBe(1)
    expect(tileNumberOf(map, key('\u001b[[B'))).toBe(2) // F2 from the Linux console
    expect(tileNumberOf(map, key('\u001bOR'))).toBe(3)
    expect(tileNumberOf(map, key('\u001bOt'))).toBe(4)
    expect(tileNumberOf(map, key('4'))).toBeNull()
    const bindings = boardBindings(map)
    const command = (seq: string) =>
      bindings.find((b) => b.keys.some((s) => typeof s === 'object' && 'name' in s && s.name === key(seq).name))?.command
    expect(command('\u001b[24~')).toBe('recall')
    expect(command('\u001bOM')).toBe('hold')
    expect(command('\u001b[2~')).toBe('cancel')
  })

  it('the help shows the keys by their names on the keyboard', () => {
    const labels = Object.fromEntries(boardBindings(map).map((b) => [b.command, b.label]))
    expect(labels).toMatchObject({ bumpTile: 'F1/F2/F3/keypad 4', recall: 'F12', hold: 'keypad enter', cancel: 'insert' })
  })

  it('refuses, in words, a key the board cannot read and one given twice', () => {
    expect(keymapOf({ recall: ['f13'] })).toBe(
      'recall: "f13" is not a key the board can use (one character, a key name such as pageup, f5 or kp1, or ctrl-x; not ? or ctrl-c)',
    )
    expect(keymapOf({ recall: ['f5'], hold: ['F5'] })).toBe('the key F5 is given to both hold and recall')
    expect(keymapOf({ recall: ['CTRL-C'] })).toMatch(/not a key the board can use/)
  })
})
