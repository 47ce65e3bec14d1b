import { ATTACHMENTS_METHODS } from './attachments.js'
import { BACKUP_METHODS } from './backup.js'
import { CATALOG_METHODS } from './catalog.js'
import { CONFLICTS_METHODS } from './conflicts.js'
import { COUNTING_METHODS } from './counting.js'
import { EVENTS_METHODS } from './events.js'
import { INTEGRATION_METHODS } from './integration.js'
import { WEBHOOKS_METHODS } from './webhooks.js'
import { OVERVIEW_METHODS } from './overview.js'
import { HISTORY_METHODS } from './history.js'
import { MESH_EVENTS, MESH_METHODS } from './mesh.js'
import { NOTES_METHODS } from './notes.js'
import { ORDERS_METHODS } from './orders.js'
import { PEOPLE_METHODS } from './people.js'
import { PICKING_METHODS } from './picking.js'
import { PRINTING_METHODS } from './printing.js'
import { REPAIRS_METHODS } from './repairs.js'
import { SESSION_METHODS } from './session.js'
import { SITE_METHODS } from './site.js'
import { combine, type MethodAccess, type MethodSpec } from './spec.js'
import { STOCK_METHODS } from './stock.js'
import { SYSTEM_EVENTS, SYSTEM_METHODS } from './system.js'
import { MENU_METHODS } from './menu.js'
import { SHIFTS_METHODS } from './shifts.js'
import { STATIONS_METHODS } from './stations.js'
import { TICKETS_METHODS } from './tickets.js'
import type { z } from 'zod'

/** Bumped when a socket method changes incompatibly (see protocol/VERSIONS.md). */
export const PROTOCOL_VERSION = 2

export type { MethodAccess, MethodSpec }

/** Every socket method (what it takes, what it returns, who may call it), as each capability declares them. */
export const METHODS = combine(
  'method',
  SYSTEM_METHODS,
  SESSION_METHODS,
  SITE_METHODS,
  PEOPLE_METHODS,
  MESH_METHODS,
  NOTES_METHODS,
  PRINTING_METHODS,
  CATALOG_METHODS,
  STOCK_METHODS,
  ORDERS_METHODS,
  PICKING_METHODS,
  COUNTING_METHODS,
  CONFLICTS_METHODS,
  REPAIRS_METHODS,
  ATTACHMENTS_METHODS,
  EVENTS_METHODS,
  WEBHOOKS_METHODS,
  INTEGRATION_METHODS,
  OVERVIEW_METHODS,
  STATIONS_METHODS,
  MENU_METHODS,
  SHIFTS_METHODS,
  TICKETS_METHODS,
  HISTORY_METHODS,
  BACKUP_METHODS,
)

export type MethodName = keyof typeof METHODS
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[]
export type ParamsOf<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>
export type ParsedParamsOf<M extends MethodName> = z.output<(typeof METHODS)[M]['params']>
export type ResultOf<M extends MethodName> = z.infer<(typeof METHODS)[M]['result']>

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name)
}

/** Events the daemon pushes to subscribed connections. */
export const EVENTS = combine('event', SYSTEM_EVENTS, MESH_EVENTS)
export type EventName = keyof typeof EVENTS
export type EventOf<E extends EventName> = z.infer<(typeof EVENTS)[E]>
