import type { HandlerTable } from './context.js'
import { ATTACHMENTS_HANDLERS } from './attachments.js'
import { CATALOG_HANDLERS } from './catalog.js'
import { HISTORY_HANDLERS } from './history.js'
import { CONFLICTS_HANDLERS } from './conflicts.js'
import { COUNTING_HANDLERS } from './counting.js'
import { MESH_HANDLERS } from './mesh.js'
import { NOTES_HANDLERS } from './notes.js'
import { ORDERS_HANDLERS } from './orders.js'
import { PEOPLE_HANDLERS } from './people.js'
import { PICKING_HANDLERS } from './picking.js'
import { PRINTING_HANDLERS } from './printing.js'
import { REPAIRS_HANDLERS } from './repairs.js'
import { SITE_HANDLERS } from './site.js'
import { STOCK_HANDLERS } from './stock.js'
import { WEBHOOKS_HANDLERS } from './webhooks.js'
import { MENU_HANDLERS } from './menu.js'
import { SHIFTS_HANDLERS } from './shifts.js'
import { STATIONS_HANDLERS } from './stations.js'
import { TICKETS_HANDLERS } from './tickets.js'

/**
 * One table maps each operation type to its handler, made of each capability's own
 * (fold/<capability>.ts). The type makes a missing handler a compile error.
 */
export const HANDLERS: HandlerTable = {
  ...SITE_HANDLERS,
  ...PEOPLE_HANDLERS,
  ...MESH_HANDLERS,
  ...NOTES_HANDLERS,
  ...PRINTING_HANDLERS,
  ...CATALOG_HANDLERS,
  ...STOCK_HANDLERS,
  ...ORDERS_HANDLERS,
  ...PICKING_HANDLERS,
  ...COUNTING_HANDLERS,
  ...CONFLICTS_HANDLERS,
  ...WEBHOOKS_HANDLERS,
  ...REPAIRS_HANDLERS,
  ...ATTACHMENTS_HANDLERS,
  ...STATIONS_HANDLERS,
  ...MENU_HANDLERS,
  ...SHIFTS_HANDLERS,
  ...TICKETS_HANDLERS,
  ...HISTORY_HANDLERS,
}
