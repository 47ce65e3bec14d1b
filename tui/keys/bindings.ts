import type { Key } from './tokenize.js'

/**
 * The commands every screen shares, and the keys bound to them. A screen declares its own
 * commands and bindings beside its component (its entry in screens/registry.ts); the same
 * bindings drive its key handler and the `?` help overlay, so the help can never drift from the keys.
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
  confirm: 'confirm',
  typeCode: 'typeCode',
} as const
export type Command = (typeof Command)[keyof typeof Command]

/** A command (shared, or a screen's own: a string it declares) and the keys bound to it. */
export interface Binding<C extends string = string> {
  command: C
  keys: readonly KeySpec[]
  /** What the help overlay shows for the keys, e.g. "↑/↓". */
  label: string
  help: string
}

/** A char or a named key. */
export type KeySpec = string | { name: Key['name'] } | { ctrl: string }

export const GLOBAL_BINDINGS: readonly Binding[] = [
  {
    command: Command.help,
    keys: ['?', { name: 'f1' }],
    label: '?/F1',
    help: 'show or hide this help (in a field you are typing in: F1, or ? while it is empty)',
  },
  { command: Command.quit, keys: [{ ctrl: 'c' }], label: 'Ctrl-C', help: 'quit Outpost' },
]

function matches(spec: KeySpec, key: Key): boolean {
  if (typeof spec === 'string') return key.name === 'char' && key.char === spec
  if ('ctrl' in spec) return key.name === 'ctrl' && key.char === spec.ctrl
  return key.name === spec.name
}

/** The command `key` is bound to in `bindings` (typed as the commands those bindings name), or null. */
export function commandFor<C extends string>(bindings: readonly Binding<C>[], key: Key): C | null {
  for (const binding of bindings) if (binding.keys.some((spec) => matches(spec, key))) return binding.command
  return null
}
