import type { Ageing } from '../components/kitchen-layout.js'
import type { Keymap } from '../keys/kitchen-keymap.js'

/**
 * A KDS screen: a TUI started for its stations (`outpost kitchen --station grill`). It registers
 * under `screen` (stations.register) and beats while it runs, so a manager sees which screens are
 * up; its ageing thresholds and bump-bar keys are its own (a property of this screen and its bar).
 */
export interface KitchenScreenConfig {
  screen: string
  name: string
  stations: readonly string[]
  ageing: Ageing
  keymap: Keymap
  /** The station printer that gets this screen's chits, or null (its stations' own). */
  printer: string | null
}

/** A screen id the site accepts (1-32 of a-z 0-9 . _ -), made from a name such as "Grill 1". */
export function screenIdOf(name: string): string {
  const id = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 32)
    .replace(/-+$/, '')
  return id === '' ? 'kds' : id
}
