import type { SocketClient } from '../../client/socket-client.js'
import { startInProcessDaemon } from './in-process-daemon.js'
import { DEFAULT_AGEING } from '../../tui/components/kitchen-layout.js'
import { DEFAULT_KEYMAP, type Keymap } from '../../tui/keys/kitchen-keymap.js'
import type { KitchenScreenConfig } from '../../tui/state/kitchen-screen.js'

type InProcessDaemon = Awaited<ReturnType<typeof startInProcessDaemon>>

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

/** An in-process daemon with KITCHEN_PEOPLE and the small kitchen, set up by the manager (left signed in). */
export async function kitchenDaemon(): Promise<{ daemon: InProcessDaemon; manager: SocketClient }> {
  const daemon = await startInProcessDaemon(KITCHEN_PEOPLE)
  const manager = await daemon.connect()
  await manager.call('session.signIn', { person: 'mia', pin: '1111' })
  await setUpKitchen(manager)
  return { daemon, manager }
}

/** kitchenDaemon, with the manager signed out and the kitchen hand (kemal) signed in instead. */
export async function kitchenWithCook(): Promise<{ daemon: InProcessDaemon; cook: SocketClient }> {
  const { daemon, manager } = await kitchenDaemon()
  manager.close()
  const cook = await daemon.connect()
  await cook.call('session.signIn', { person: 'kemal', pin: '3333' })
  return { daemon, cook }
}
