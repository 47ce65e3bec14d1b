import type { Key } from './tokenize.js'

/**
 * Commands and the keys bound to them. The same table drives the key handlers and the `?` help
 * overlay, so the help can never drift from the keys.
 */
export const Command = {
  help: 'help',
  back: 'back',
  quit: 'quit',
  up: 'up',
  down: 'down',
  select: 'select',
  pageUp: 'pageUp',
  pageDown: 'pageDown',
  signOut: 'signOut',
  newNote: 'newNote',
  archiveNote: 'archiveNote',
  removePeer: 'removePeer',
  newCode: 'newCode',
  accept: 'accept',
  deny: 'deny',
  reprint: 'reprint',
  cancelJob: 'cancelJob',
  testPrint: 'testPrint',
  shortPick: 'shortPick',
  fulfil: 'fulfil',
  approve: 'approve',
  resolve: 'resolve',
  confirm: 'confirm',
  drop: 'drop',
  bookToZero: 'bookToZero',
  typeCode: 'typeCode',
} as const
export type Command = (typeof Command)[keyof typeof Command]

export interface Binding {
  command: Command
  keys: readonly KeySpec[]
  /** What the help overlay shows for the keys, e.g. "↑/↓". */
  label: string
  help: string
}

/** A char or a named key. */
export type KeySpec = string | { name: Key['name'] } | { ctrl: string }

export type ScreenId =
  'signIn' | 'home' | 'audit' | 'notes' | 'peers' | 'pair' | 'printing' | 'receive' | 'pick' | 'count' | 'stock' | 'conflicts'

export const GLOBAL_BINDINGS: readonly Binding[] = [
  { command: Command.help, keys: ['?'], label: '?', help: 'show or hide this help' },
  { command: Command.quit, keys: [{ ctrl: 'c' }], label: 'Ctrl-C', help: 'quit Outpost' },
]

export const SCREEN_BINDINGS: Record<ScreenId, readonly Binding[]> = {
  signIn: [
    { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'next field / sign in' },
    { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'clear and start over' },
  ],
  home: [
    { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous item' },
    { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next item' },
    { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'open the item (or press its number)' },
    { command: Command.signOut, keys: ['s'], label: 's', help: 'sign out' },
    { command: Command.quit, keys: ['q'], label: 'q', help: 'quit Outpost' },
  ],
  audit: [
    { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer entry' },
    { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older entry' },
    { command: Command.pageDown, keys: [{ name: 'pagedown' }, ' '], label: 'PgDn/Space', help: 'older page' },
    { command: Command.pageUp, keys: [{ name: 'pageup' }], label: 'PgUp', help: 'newer page' },
    { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
  ],
  notes: [
    { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer note' },
    { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older note' },
    { command: Command.newNote, keys: ['n'], label: 'n', help: 'write a note (Enter posts, Esc cancels)' },
    { command: Command.archiveNote, keys: ['a'], label: 'a', help: 'archive the selected note' },
    { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
  ],
  peers: [
    { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous node' },
    { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next node' },
    { command: Command.removePeer, keys: ['r'], label: 'r', help: 'remove the selected node (lost or stolen), after y to confirm' },
    { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
  ],
  receive: [
    {
      command: Command.select,
      keys: [{ name: 'return' }],
      label: 'Enter',
      help: 'next field; on Rolls, receive (a scan fills its own field)',
    },
    { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu' },
  ],
  printing: [
    { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer job' },
    { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older job' },
    { command: Command.reprint, keys: ['r'], label: 'r', help: 'reprint the selected job' },
    { command: Command.cancelJob, keys: ['c'], label: 'c', help: 'cancel the selected job if it has not printed' },
    { command: Command.testPrint, keys: ['t'], label: 't', help: 'preview a test label; Enter prints it' },
    { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'print the document being previewed' },
    { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
  ],
  pick: [
    { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous order / roll' },
    { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next order / roll' },
    { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'pick the selected order' },
    { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
    { command: Command.shortPick, keys: ['s'], label: 's', help: 'the selected roll is not there: record a short pick' },
    { command: Command.fulfil, keys: ['f'], label: 'f', help: 'ship the order with the rolls picked (y confirms)' },
    { command: Command.confirm, keys: ['y'], label: 'y', help: 'confirm' },
    { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the orders, then the menu' },
  ],
  count: [
    { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
    { command: Command.approve, keys: ['a'], label: 'a', help: 'approve the variances (manager; y confirms)' },
    { command: Command.drop, keys: ['x'], label: 'x', help: 'drop this count (y confirms); nothing is adjusted' },
    { command: Command.confirm, keys: ['y'], label: 'y', help: 'confirm' },
    { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu (the count stays open)' },
  ],
  stock: [
    { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
    { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu' },
  ],
  conflicts: [
    { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous conflict' },
    { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next conflict' },
    {
      command: Command.resolve,
      keys: ['r'],
      label: 'r',
      help: 'resolve with a note (manager); a roll that left twice: choose who got it first',
    },
    {
      command: Command.select,
      keys: [{ name: 'return' }],
      label: 'Enter',
      help: 'a roll that left twice: the one chosen got it (the others are booked back)',
    },
    { command: Command.bookToZero, keys: ['z'], label: 'z', help: 'a negative balance: book it back to zero, with a note (manager)' },
    { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
  ],
  pair: [
    { command: Command.newCode, keys: ['n'], label: 'n', help: 'make a new code' },
    { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
  ],
}

/** The consent prompt's keys: it takes them over whatever screen is open. */
export const PROMPT_BINDINGS: readonly Binding[] = [
  { command: Command.accept, keys: ['a', 'y'], label: 'a/y', help: 'accept: the node joins the site' },
  { command: Command.deny, keys: ['d', 'n', { name: 'escape' }], label: 'd/n/Esc', help: 'deny' },
]

function matches(spec: KeySpec, key: Key): boolean {
  if (typeof spec === 'string') return key.name === 'char' && key.char === spec
  if ('ctrl' in spec) return key.name === 'ctrl' && key.char === spec.ctrl
  return key.name === spec.name
}

export function commandFor(bindings: readonly Binding[], key: Key): Command | null {
  for (const binding of bindings) if (binding.keys.some((spec) => matches(spec, key))) return binding.command
  return null
}
