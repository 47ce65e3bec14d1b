/**
 * The counter's one-line entry, pure: what a line typed at the counter means. Fast at a rush:
 * a menu number adds the item, everything else decorates the last item or the ticket.
 *
 *   12        one of menu item 12          3*12 or 3x12   three of them
 *   +no onion a modifier on the last item  !nuts          an allergy flag on it
 *   "rare     a note on the last item      @table 4       the name or table
 *   #T-0012   add to that open ticket      -              take the last item off
 *   (empty)   Enter on an empty line fires the ticket
 */
export type EntryLine =
  | { kind: 'item'; number: number; qty: number }
  | { kind: 'modifier'; text: string }
  | { kind: 'allergy'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'label'; text: string }
  | { kind: 'addTo'; ticket: string }
  | { kind: 'remove' }
  | { kind: 'fire' }
  | { kind: 'refused'; text: string }

export const ENTRY_HELP = '12 item · 3*12 three · +modifier · !allergy · "note · @table 4 · #ticket add to it · - undo line · Enter fires'

/**
 * A part longer than the site takes is refused, not cut: a note cut at a character count the
 * person never saw lost its end (found trying the counter as a new user).
 */
function within(kind: string, text: string, max: number): EntryLine | null {
  return text.length > max
    ? { kind: 'refused', text: `a ${kind} is at most ${max} characters (this one is ${text.length}): shorten it` }
    : null
}

export function parseEntry(typed: string): EntryLine {
  const text = typed.trim()
  if (text === '') return { kind: 'fire' }
  if (text === '-') return { kind: 'remove' }
  const rest = text.slice(1).trim()
  switch (text[0]) {
    case '+':
      return rest === ''
        ? { kind: 'refused', text: 'type the modifier after +, e.g. +no onion' }
        : (within('modifier', rest, 60) ?? { kind: 'modifier', text: rest })
    case '!': {
      const flag = rest.toLowerCase()
      if (!/^[a-z][a-z -]{0,23}$/.test(flag))
        return { kind: 'refused', text: 'an allergy is a word after !, e.g. !nuts (letters, up to 24)' }
      return { kind: 'allergy', text: flag }
    }
    case '"': {
      const note = rest.replace(/"$/, '')
      return note === ''
        ? { kind: 'refused', text: 'type the note after ", e.g. "well done' }
        : (within('note', note, 200) ?? { kind: 'note', text: note })
    }
    case '@':
      return rest === ''
        ? { kind: 'refused', text: 'type the name or table after @, e.g. @table 4' }
        : (within('name or table', rest, 40) ?? { kind: 'label', text: rest })
    case '#':
      return /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(rest)
        ? { kind: 'addTo', ticket: rest }
        : { kind: 'refused', text: `"${rest}" is not a ticket number` }
  }
  const item = /^(?:(\d{1,2})\s*[*xX]\s*)?(\d{1,4})$/.exec(text)
  // "100*1" is a quantity too large, not a bad menu number (it was told so)
  const many = /^(\d{3,})\s*[*xX]\s*\d{1,4}$/.exec(text)
  if (many !== null) return { kind: 'refused', text: `at most 99 of an item on one line (${many[1]} asked)` }
  if (item === null) return { kind: 'refused', text: `"${text}" is not a menu number (${ENTRY_HELP})` }
  const qty = item[1] === undefined ? 1 : Number(item[1])
  if (qty < 1) return { kind: 'refused', text: 'at least one of an item' }
  return { kind: 'item', number: Number(item[2]), qty }
}

/** An item on the ticket being entered. */
export interface DraftItem {
  id: string
  number: number
  name: string
  qty: number
  price: number
  modifiers: string[]
  note: string | null
  allergies: string[]
}

export interface Draft {
  label: string | null
  /** Adding to this open ticket (a new part) rather than firing a new one. */
  addTo: string | null
  items: DraftItem[]
}

export const EMPTY_DRAFT: Draft = { label: null, addTo: null, items: [] }

/** The draft with `line` applied (not `fire`, `item` or `refused`: the screen handles those), or a refusal. */
export function applyToDraft(draft: Draft, line: EntryLine): Draft | string {
  const last = draft.items.at(-1)
  const onLast = (change: (item: DraftItem) => DraftItem): Draft | string =>
    last === undefined ? 'add an item first (its menu number), then this' : { ...draft, items: [...draft.items.slice(0, -1), change(last)] }
  switch (line.kind) {
    case 'modifier':
      return onLast((it) => ({ ...it, modifiers: [...it.modifiers, line.text].slice(0, 12) }))
    case 'allergy':
      return onLast((it) => ({ ...it, allergies: it.allergies.includes(line.text) ? it.allergies : [...it.allergies, line.text] }))
    case 'note':
      return onLast((it) => ({ ...it, note: line.text }))
    case 'label':
      return { ...draft, label: line.text }
    case 'addTo':
      return { ...draft, addTo: line.ticket }
    case 'remove':
      return last === undefined ? 'nothing to take off' : { ...draft, items: draft.items.slice(0, -1) }
    default:
      return draft
  }
}

/**
 * More portions of a counted item than the shift has left (`left`, the view's per-shift stock as
 * menu.list gives it), told on the line that asks for them: it was told only at fire (#17). The
 * draft's earlier lines of the item count too. The fold still judges at fire: another node may
 * sell the last portions meanwhile, and then the site's own refusal (or oversold flag) stands.
 */
export function overStock(entry: { id: string; name: string; left: number | null }, draft: Draft, qty: number): string | null {
  if (entry.left === null) return null
  const asked = qty + draft.items.filter((it) => it.id === entry.id).reduce((sum, it) => sum + it.qty, 0)
  if (asked <= entry.left) return null
  const left = Math.max(0, entry.left)
  return `only ${left} ${left === 1 ? 'portion' : 'portions'} of ${entry.name} left this shift (${asked} asked)`
}

/** Money in cents as the counter reads it: 950 -> "9.50". */
export function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
}

/**
 * Portions left as a screen shows them: below zero is sold past the count (the count was set under
 * what the shift had sold, or the last portion went on two nodes apart), shown as none left and
 * how many over; "-2" read as a typo, or as two to sell.
 */
export function portionsLeft(left: number): string {
  return left < 0 ? `0 left, ${-left} oversold` : `${left} left`
}
