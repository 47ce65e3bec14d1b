import { z } from 'zod'
import { Command, commandFor, type Binding, type KeySpec } from './bindings.js'
import { FUNCTION_KEYS, KEYPAD_KEYS, type Key, type NamedKey } from './tokenize.js'

/**
 * The kitchen board's keys. A bump bar is a programmable keyboard: each of its buttons sends
 * whatever key it was programmed with, so the board reads its keys from the screen's config
 * (`--keys FILE`, a JSON object of command -> keys) over these defaults. The same bindings feed
 * the key handler and the `?` help, so the help shows what this screen's bar really does.
 */
export const Board = {
  bumpTile: 'bumpTile',
  left: 'left',
  right: 'right',
  up: Command.up,
  down: Command.down,
  pages: 'pages',
  bump: 'bump',
  hold: 'hold',
  recall: 'recall',
  cancel: 'cancel',
  allDay: 'allDay',
  stations: 'stations',
  history: 'history',
  back: Command.back,
} as const
export type BoardCommand = (typeof Board)[keyof typeof Board]

export type Keymap = Readonly<Record<BoardCommand, readonly KeySpec[]>>

const HELP: Record<BoardCommand, string> = {
  bumpTile: 'bump tile N (drawn with its key), its items for this screen',
  left: 'previous tile (and page)',
  right: 'next tile (and page)',
  up: 'tile above',
  down: 'tile below',
  // a page holds as many tiles as the bar has tile keys: every tile drawn has its key. One row
  // for both keys, as bumpTile's: the help has no row to spare at 80x24
  pages: 'next page / previous page (a page holds one tile per tile key)',
  bump: 'bump the selected tile',
  hold: 'hold the selected ticket, or resume it',
  recall: 'recall the last ticket bumped here (an undo, no question asked)',
  cancel: 'cancel the selected ticket, with a reason',
  allDay: 'show or hide the all-day counts (what is still to make)',
  stations: 'choose the stations this board shows',
  // h is hold on a bump bar: the history other screens open with h is on L here. One line: the
  // help has no room to spare at 80x24 (a row too many squeezed cancel's out of it)
  history: 'the selected ticket’s history: who did what, on which node',
  back: 'close the all-day counts, or back to the menu',
}

export const DEFAULT_KEYMAP: Keymap = {
  bumpTile: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
  left: [{ name: 'left' }],
  right: [{ name: 'right' }],
  up: [{ name: 'up' }],
  down: [{ name: 'down' }],
  // the first key turns to the next page, the second to the one before (as bumpTile's Nth key)
  pages: [{ name: 'pagedown' }, { name: 'pageup' }],
  bump: [{ name: 'return' }],
  hold: ['h', 'H'],
  recall: ['r', 'R'],
  cancel: ['c', 'C'],
  allDay: ['a', 'A'],
  stations: ['s', 'S'],
  history: ['l', 'L'],
  back: [{ name: 'escape' }],
}

const NAMED: readonly NamedKey[] = [
  'return',
  'escape',
  'tab',
  'backspace',
  'delete',
  'insert',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  ...FUNCTION_KEYS,
  ...KEYPAD_KEYS,
]

/**
 * A key as a config file writes it: one character, a key name ("return", "pageup", "f5", "kp1";
 * names in any case) or "ctrl-x". F1 may be mapped: the board takes it before the help (`?` stays).
 */
function specOf(text: string): KeySpec | null {
  if ([...text].length === 1) return text === '?' ? null : text
  const ctrl = /^ctrl-([a-z])$/i.exec(text)
  if (ctrl !== null) return ctrl[1]!.toLowerCase() === 'c' ? null : { ctrl: ctrl[1]!.toLowerCase() }
  const name = text.toLowerCase() as NamedKey
  return NAMED.includes(name) ? { name } : null
}

export function labelOf(spec: KeySpec): string {
  if (typeof spec === 'string') return spec
  if ('ctrl' in spec) return `Ctrl-${spec.ctrl.toUpperCase()}`
  const arrows: Partial<Record<Key['name'], string>> = { up: '↑', down: '↓', left: '←', right: '→', return: 'Enter', escape: 'Esc' }
  if (/^f[0-9]+$/.test(spec.name)) return spec.name.toUpperCase()
  if (spec.name.startsWith('kp')) return `keypad ${spec.name.slice(2)}`
  return arrows[spec.name] ?? PAGE_KEYS[spec.name] ?? spec.name
}

/** As keyboards print them, and short: the help's label column is as wide as its widest label. */
const PAGE_KEYS: Partial<Record<Key['name'], string>> = { pagedown: 'PgDn', pageup: 'PgUp' }

/**
 * What each tile shows as its number: the label of the tile key that bumps it (tile 1: the first
 * key, "1" by default, "F1" or "q" on a bar mapped so), so the number drawn is the key to press.
 */
export function tileTags(keymap: Keymap): string[] {
  return keymap.bumpTile.map((spec) => {
    const label = labelOf(spec)
    return label.startsWith('keypad ') ? `kp${label.slice(7)}` : label
  })
}

/** A page holds 9 tiles, one per bump-tile key; no command needs more keys than that. */
const MAX_KEYS = 9
const KeymapFile = z.record(z.string(), z.array(z.string().min(1).max(16)))

/**
 * The keymap of a config file's `keys` over the defaults: each command it names gets exactly the
 * keys it lists. Refused with one line naming what is wrong: an unknown command, a key it cannot
 * read, a key bound to two commands (the bar would do one of them silently), or `?` and Ctrl-C,
 * which stay help and quit on every screen.
 */
export function keymapOf(json: unknown): Keymap | string {
  const parsed = KeymapFile.safeParse(json)
  if (!parsed.success) return 'the keys are an object of command: ["key", ...], e.g. {"bumpTile": ["q","w","e"], "recall": ["pageup"]}'
  const map: Record<string, readonly KeySpec[]> = { ...DEFAULT_KEYMAP }
  const given = new Set<string>()
  for (const [command, keys] of Object.entries(parsed.data)) {
    if (!Object.hasOwn(DEFAULT_KEYMAP, command))
      return `"${command}" is not a board command (they are: ${Object.keys(DEFAULT_KEYMAP).join(', ')})`
    // the tiles are drawn with their keys and bumped by them: with none, a page of tiles none can bump
    if (command === Board.bumpTile && keys.length === 0) return 'bumpTile needs at least one key: tile N is bumped by its Nth key'
    if (keys.length > MAX_KEYS)
      return `${command} takes at most ${MAX_KEYS} keys${command === Board.bumpTile ? ', one per tile' : ''} (${keys.length} given)`
    const specs: KeySpec[] = []
    for (const key of keys) {
      const spec = specOf(key)
      if (spec === null)
        return `${command}: "${key}" is not a key the board can use (one character, a key name such as pageup, f5 or kp1, or ctrl-x; not ? or ctrl-c)`
      specs.push(spec)
    }
    map[command] = specs
    for (const spec of specs) given.add(JSON.stringify(spec))
  }
  // The page keys came after bars were programmed (issue #17): a file that gives pageup or
  // pagedown to another command (recall, say) still loads, and the pages then have no keys until
  // it maps them (← and → still cross pages): one of the two left would turn the wrong way.
  // Any other default key a file reuses is refused below: the bar would do one of two silently.
  if (!Object.hasOwn(parsed.data, Board.pages) && map[Board.pages]!.some((spec) => given.has(JSON.stringify(spec)))) map[Board.pages] = []
  const seen = new Map<string, string>()
  for (const [command, specs] of Object.entries(map)) {
    for (const spec of specs) {
      const id = JSON.stringify(spec)
      const other = seen.get(id)
      if (other === command) return `the key ${labelOf(spec)} is given twice to ${command}`
      if (other !== undefined) return `the key ${labelOf(spec)} is given to both ${other} and ${command}`
      seen.set(id, command)
    }
  }
  return map as Keymap
}

/** Which way a key turns the page: the pages command's first key forward, any other back; null: not a page key. */
export function pageStepOf(keymap: Keymap, key: Key): 1 | -1 | null {
  const at = keymap.pages.findIndex((spec) => matches(spec, key))
  return at < 0 ? null : at === 0 ? 1 : -1
}

/** Which tile a key bumps: its place among the bump-tile keys (1-9), or null. */
export function tileNumberOf(keymap: Keymap, key: Key): number | null {
  const at = keymap.bumpTile.findIndex((spec) => matches(spec, key))
  return at < 0 ? null : at + 1
}

function matches(spec: KeySpec, key: Key): boolean {
  if (typeof spec === 'string') return key.name === 'char' && key.char === spec
  if ('ctrl' in spec) return key.name === 'ctrl' && key.char === spec.ctrl
  return key.name === spec.name
}

/** The bindings a keymap makes: what the board's handler reads and its `?` help lists. */
export function boardBindings(keymap: Keymap): Binding<BoardCommand>[] {
  return (Object.keys(HELP) as BoardCommand[]).map((command) => ({
    command,
    keys: keymap[command],
    label:
      command === Board.bumpTile && keymap[command].map(labelOf).join('') === '123456789'
        ? '1-9'
        : keymap[command].map(labelOf).join('/') || '(none)',
    help: HELP[command],
  }))
}

/**
 * Whether a burst of characters that came faster than a person types (KeyRouter: a scan, or keys
 * whose Enter never came) is a bump bar's keys: every character is one the board binds, or a digit
 * (the station picker's and the cancel prompt's). A bar sends a key per press, and a cook's three
 * quick presses come at a scanner's pace: dropped as a scan, they were lost without a word
 * (issue #17). The board expects no scans; a burst with any other character (a barcode's "-",
 * letters the bar does not send) is one, and the board refuses it whole rather than run part of it.
 */
export function isBumpBarBurst(bindings: readonly Binding[], code: string): boolean {
  return [...code].every((char) => /^[0-9]$/.test(char) || commandFor(bindings, { name: 'char', char }) !== null)
}
