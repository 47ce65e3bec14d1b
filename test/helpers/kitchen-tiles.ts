import type { Tile } from '../../tui/components/kitchen-layout.js'

/** A ticket's tile for layout and drawing tests: `items` items of the grill, fired `firedAt`. */
export const T0 = 1_800_000_000_000

export function tile(n: number, items = 2, firedAt = T0 + n * 1000): Tile {
  return {
    id: `T${n}`,
    label: `T${n}`,
    who: `table ${n}`,
    state: 'new',
    held: false,
    firedAt,
    items: Array.from({ length: items }, (_, i) => ({
      key: `0.${i}`,
      qty: 1,
      name: `Item ${i}`,
      modifiers: [],
      notes: null,
      allergies: [],
      station: 'grill',
      done: false,
      part: 0,
    })),
  }
}
