import { createContext, useContext } from 'react'
import type { NumberStyle, PersonRecord, Status } from '../../protocol/index.js'
import type { ConnectionState, SocketClient } from '../../client/socket-client.js'
import type { KeyDispatcher } from '../keys/dispatcher.js'
import type { KitchenScreenConfig } from './kitchen-screen.js'

/** What the app knows (read side), kept apart from what it can do (actions), as in gemini-cli. */
export interface AppState {
  person: PersonRecord | null
  status: Status | null
  /** The daemon's socket: up (which connection) or down while the TUI reconnects by itself. */
  connection: ConnectionState
  /** A one-time notice to show on sign-in, e.g. the first admin's secret. */
  notice: string | null
  /** Extra lines for the sign-in screen, e.g. the demo's staff and PINs. */
  hints: readonly string[]
  /** This terminal's own number style (--number-style); null: the site's (status.site.numberStyle). */
  terminalNumberStyle: NumberStyle | null
  /** Set when this TUI is a KDS screen (`outpost kitchen --station ...`): it opens on the board. */
  kitchen: KitchenScreenConfig | null
  /** Where exports (a shift's CSV and JSON) are written: the folder Outpost was started in. */
  exportDir: string
}

export interface AppActions {
  signedIn: (person: PersonRecord) => void
  signOut: () => Promise<void>
  quit: () => void
}

export const ClientContext = createContext<SocketClient | null>(null)
export const DispatcherContext = createContext<KeyDispatcher | null>(null)
export const StateContext = createContext<AppState | null>(null)
export const ActionsContext = createContext<AppActions | null>(null)

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name} is used outside the Outpost app`)
  return value
}

export const useClient = (): SocketClient => required(useContext(ClientContext), 'useClient')
export const useDispatcher = (): KeyDispatcher => required(useContext(DispatcherContext), 'useDispatcher')
export const useAppState = (): AppState => required(useContext(StateContext), 'useAppState')
export const useAppActions = (): AppActions => required(useContext(ActionsContext), 'useAppActions')
