import type { SocketClient } from '../../client/socket-client.js'
import { DEFAULT_AGEING } from '../../tui/components/kitchen-layout.js'
import { DEFAULT_KEYMAP, type Keymap } from '../../tui/keys/kitchen-keymap.js'
import type { KitchenScreenConfig } from '../../tui/state/kitchen-screen.js'

/** The kitchen hand and the manager of the TUI kitchen tests. */
export const KITCHEN_PEOPLE = [
  { id: 'kemal', name: 'Kemal Aydın', role: 'kitchen' as const, pin: '3333' },
  { id: 'mia', name: 'Mia Demir', role: 'manager' as const, pin: '1111' },
]

/** A small kitchen: grill, cold and expo; a burger and fries on the grill, a salad cold. */
export async function setUpKitchen(manager: SocketClient): Promise<void> {
  await manager.call('stations.set', { id: 'grill', name: 'Grill' })
  await manager.call('stations.set', { id: 'cold', name: 'Cold' })
  await manager.call('stations.set', { id: 'expo', name: 'Expo', kind: 'expo' })
  await manager.call('menu.set', { id: 'burger', number: 1, name: 'Burger', category: 'mains', price: 950, station: 'grill' })
  await manager.call('menu.set', { id: 'salad', number: 2, name: 'Salad', category: 'cold', price: 700, station: 'cold' })
  await manager.call('menu.set', { id: 'fries', number: 3, name: 'Fries', category: 'sides', price: 300, station: 'grill' })
}

/** A KDS screen's config as `outpost kitchen --station ...` makes it. */
export function screenConfig(stations: string[], keymap: Keymap = DEFAULT_KEYMAP): KitchenScreenConfig {
  return {
    screen: `kds-${stations.join('-')}`,
    name: `Test ${stations.join('+')}`,
    stations,
    ageing: DEFAULT_AGEING,
    keymap,
    printer: null,
  }
}
