import type { ComponentType } from 'react'
import type { Permission } from '../../protocol/index.js'
import type { Binding } from '../keys/bindings.js'
import type { AppState } from '../state/contexts.js'

/** What the app gives every screen: the same props for all, so the app needs no case per screen. */
export interface ScreenProps {
  /** Back to the menu. */
  back(): void
  /** Open a screen by its id (the menu does). */
  open(id: string): void
  /** The screens the menu lists, in the registry's order. */
  menu: readonly ScreenEntry[]
  /** Rows and columns the screen may use (the status bar's rows taken off). */
  rows: number
  width: number
}

/**
 * One screen, declared in its own file beside its component and listed once in
 * screens/registry.ts; the app, the menu and the `?` help all read it from there.
 */
export interface ScreenEntry {
  /** The file's name: tui/screens/<id>.tsx, one capability word first (picking, stock-lookup, mesh-peers). */
  id: string
  /** The menu's label and the help overlay's title. */
  label: string
  /** Who may open it; others see it greyed in the menu, marked with the role it needs. */
  roles: Permission
  /** Listed in the menu (false: sign-in and the menu itself). */
  inMenu: boolean
  /** Its keys: what its handler reads and what the help shows. */
  bindings: readonly Binding[]
  /** Where a screen's keys are configurable (a KDS bump bar): the keys in force, for the help. */
  bindingsFor?: (state: AppState) => readonly Binding[]
  /** What a scan does here, for the help, where it does not go to the screen as a code (the kitchen board). */
  scanner?: string
  component: ComponentType<ScreenProps>
}
