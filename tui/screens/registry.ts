import { repairsScreen } from './repairs.js'
import { auditScreen } from './audit.js'
import { catalogImportScreen } from './catalog-import.js'
import { conflictsScreen } from './conflicts.js'
import { countingScreen } from './counting.js'
import { kitchenBoardScreen } from './kitchen-board.js'
import { kitchenCounterScreen } from './kitchen-counter.js'
import { kitchenShiftScreen } from './kitchen-shift.js'
import { kitchenStockScreen } from './kitchen-stock.js'
import { menuScreen } from './menu.js'
import { meshPairingScreen } from './mesh-pairing.js'
import { meshPeersScreen } from './mesh-peers.js'
import { notesScreen } from './notes.js'
import { ordersScreen } from './orders.js'
import { overviewScreen } from './overview.js'
import { peopleSignInScreen } from './people-sign-in.js'
import { pickingScreen } from './picking.js'
import { printingScreen } from './printing.js'
import type { Role } from '../../protocol/index.js'
import type { ScreenEntry } from './screen.js'
import { stockLookupScreen } from './stock-lookup.js'
import { stockMoveScreen } from './stock-move.js'
import { stockReceiveScreen } from './stock-receive.js'
import { webhooksScreen } from './webhooks.js'

/**
 * Every screen of the TUI, listed once. The app shows them by id, the menu lists those with
 * `inMenu` in this order (its numbers 1-9 follow it), and the `?` help reads each one's label
 * and bindings. A new screen is its own file (component, bindings, entry) and one line here.
 */
export const SCREENS: readonly ScreenEntry[] = [
  peopleSignInScreen,
  menuScreen,
  notesScreen,
  auditScreen,
  printingScreen,
  stockReceiveScreen,
  pickingScreen,
  countingScreen,
  stockLookupScreen,
  conflictsScreen,
  meshPeersScreen,
  meshPairingScreen,
  webhooksScreen,
  // after the screens tests reach by number (1-9); the menu's order is tui-habits' to settle (role menus)
  stockMoveScreen,
  overviewScreen,
  repairsScreen,
  kitchenBoardScreen,
  kitchenCounterScreen,
  kitchenShiftScreen,
  // issue #21's last part: at the end, so the numbers other screens' tests open them by stay
  ordersScreen,
  catalogImportScreen,
  kitchenStockScreen,
]

/** The screen shown before anyone signs in, and the one `back` returns to. */
export const SIGN_IN = peopleSignInScreen
export const MENU = menuScreen
/** Where a KDS screen (`outpost kitchen --station ...`) opens once signed in. */
export const KITCHEN_BOARD = kitchenBoardScreen

/** The screens the menu lists. */
export const MENU_SCREENS: readonly ScreenEntry[] = SCREENS.filter((s) => s.inMenu)

/**
 * The menu a person gets: a kitchen hand's starts with the kitchen screens (the work of the role),
 * everyone else's is the registry's order. The numbers 1-9 follow it.
 */

/**
 * The menu of a role, in the order its numbers follow: a kitchen hand's starts with the kitchen
 * screens (a food truck's person should not type 13 for the board); every other role has the
 * registry's order. The menu shows only what the role may open, each under its number here.
 */
export function menuFor(role: Role | null): readonly ScreenEntry[] {
  if (role !== 'kitchen') return MENU_SCREENS
  const own = (s: ScreenEntry) => s.roles !== 'anyone' && s.roles.includes('kitchen')
  return [...MENU_SCREENS.filter(own), ...MENU_SCREENS.filter((s) => !own(s))]
}

export function screenById(id: string): ScreenEntry | null {
  return SCREENS.find((s) => s.id === id) ?? null
}
