import type { MethodName } from '../../protocol/index.js'
import { ATTACHMENTS_METHOD_IMPLEMENTATIONS } from './attachments-methods.js'
import { CATALOG_METHOD_IMPLEMENTATIONS } from './catalog-methods.js'
import { CONFLICTS_METHOD_IMPLEMENTATIONS } from './conflicts-methods.js'
import { COUNTING_METHOD_IMPLEMENTATIONS } from './counting-methods.js'
import type { Implementation } from './context.js'
import { EVENTS_METHOD_IMPLEMENTATIONS } from './events-methods.js'
import { INTEGRATION_METHOD_IMPLEMENTATIONS } from './integration-methods.js'
import { WEBHOOKS_METHOD_IMPLEMENTATIONS } from './webhooks-methods.js'
import { HISTORY_METHOD_IMPLEMENTATIONS } from './history-methods.js'
import { MESH_METHOD_IMPLEMENTATIONS } from './mesh-methods.js'
import { BACKUP_METHOD_IMPLEMENTATIONS } from './backup-methods.js'
import { NOTES_METHOD_IMPLEMENTATIONS } from './notes-methods.js'
import { ORDERS_METHOD_IMPLEMENTATIONS } from './orders-methods.js'
import { OVERVIEW_METHOD_IMPLEMENTATIONS } from './overview-methods.js'
import { PEOPLE_METHOD_IMPLEMENTATIONS } from './people-methods.js'
import { PICKING_METHOD_IMPLEMENTATIONS } from './picking-methods.js'
import { PRINTING_METHOD_IMPLEMENTATIONS } from './printing-methods.js'
import { REPAIRS_METHOD_IMPLEMENTATIONS } from './repairs-methods.js'
import { SESSION_METHOD_IMPLEMENTATIONS } from './session-methods.js'
import { SITE_METHOD_IMPLEMENTATIONS } from './site-methods.js'
import { STOCK_METHOD_IMPLEMENTATIONS } from './stock-methods.js'
import { SYSTEM_METHOD_IMPLEMENTATIONS } from './system-methods.js'
import { MENU_METHOD_IMPLEMENTATIONS } from './menu-methods.js'
import { SHIFTS_METHOD_IMPLEMENTATIONS } from './shifts-methods.js'
import { STATIONS_METHOD_IMPLEMENTATIONS } from './stations-methods.js'
import { TICKETS_METHOD_IMPLEMENTATIONS } from './tickets-methods.js'

export type { Implementation, MethodContext } from './context.js'

/**
 * Every socket method's implementation, made of each capability's own
 * (socket/<capability>-methods.ts). The type makes a missing one a compile error.
 */
export const METHOD_IMPLEMENTATIONS: { [M in MethodName]: Implementation<M> } = {
  ...SYSTEM_METHOD_IMPLEMENTATIONS,
  ...SESSION_METHOD_IMPLEMENTATIONS,
  ...SITE_METHOD_IMPLEMENTATIONS,
  ...PEOPLE_METHOD_IMPLEMENTATIONS,
  ...MESH_METHOD_IMPLEMENTATIONS,
  ...BACKUP_METHOD_IMPLEMENTATIONS,
  ...NOTES_METHOD_IMPLEMENTATIONS,
  ...PRINTING_METHOD_IMPLEMENTATIONS,
  ...CATALOG_METHOD_IMPLEMENTATIONS,
  ...STOCK_METHOD_IMPLEMENTATIONS,
  ...ORDERS_METHOD_IMPLEMENTATIONS,
  ...PICKING_METHOD_IMPLEMENTATIONS,
  ...COUNTING_METHOD_IMPLEMENTATIONS,
  ...CONFLICTS_METHOD_IMPLEMENTATIONS,
  ...REPAIRS_METHOD_IMPLEMENTATIONS,
  ...ATTACHMENTS_METHOD_IMPLEMENTATIONS,
  ...EVENTS_METHOD_IMPLEMENTATIONS,
  ...WEBHOOKS_METHOD_IMPLEMENTATIONS,
  ...INTEGRATION_METHOD_IMPLEMENTATIONS,
  ...OVERVIEW_METHOD_IMPLEMENTATIONS,
  ...STATIONS_METHOD_IMPLEMENTATIONS,
  ...MENU_METHOD_IMPLEMENTATIONS,
  ...SHIFTS_METHOD_IMPLEMENTATIONS,
  ...TICKETS_METHOD_IMPLEMENTATIONS,
  ...HISTORY_METHOD_IMPLEMENTATIONS,
}
