import type Hyperbee from 'hyperbee'
import { AttachmentsReader } from './attachments-reader.js'
import { CatalogReader } from './catalog-reader.js'
import { ConflictsReader } from './conflicts-reader.js'
import { CountingReader } from './counting-reader.js'
import { EventsReader } from './events-reader.js'
import { HistoryReader } from './history-reader.js'
import { MeshReader } from './mesh-reader.js'
import { NotesReader } from './notes-reader.js'
import { OrdersReader } from './orders-reader.js'
import { OverviewReader } from './overview-reader.js'
import { PeopleReader } from './people-reader.js'
import { PickingReader } from './picking-reader.js'
import { PrintingReader } from './printing-reader.js'
import { RepairsReader } from './repairs-reader.js'
import { StockReader } from './stock-reader.js'
import { SystemReader } from './system-reader.js'
import { WebhooksReader } from './webhooks-reader.js'
import { MenuReader } from './menu-reader.js'
import { ShiftsReader } from './shifts-reader.js'
import { StationsReader } from './stations-reader.js'
import { TicketsReader } from './tickets-reader.js'

/**
 * The read side of the view, one reader per capability (view/<capability>-reader.ts): the node
 * holds this one object (`node.read.picking.pickList(...)`). Adding a capability adds its reader
 * and one line here. Reads never go to the log.
 */
export function openReaders(bee: Hyperbee) {
  const people = new PeopleReader(bee)
  const mesh = new MeshReader(bee)
  const catalog = new CatalogReader(bee)
  const stock = new StockReader(bee)
  const orders = new OrdersReader(bee)
  const conflicts = new ConflictsReader(bee)
  const stations = new StationsReader(bee)
  const tickets = new TicketsReader(bee, stations)
  return {
    system: new SystemReader(bee, people, mesh),
    people,
    mesh,
    notes: new NotesReader(bee),
    printing: new PrintingReader(bee),
    catalog,
    stock,
    orders,
    picking: new PickingReader(catalog, stock),
    counting: new CountingReader(bee, stock),
    conflicts,
    repairs: new RepairsReader(bee),
    attachments: new AttachmentsReader(bee),
    events: new EventsReader(bee),
    webhooks: new WebhooksReader(bee),
    overview: new OverviewReader(bee, { people, mesh, catalog, orders, conflicts }),
    stations,
    menu: new MenuReader(bee),
    shifts: new ShiftsReader(bee, tickets),
    tickets,
    history: new HistoryReader(bee),
  }
}
export type Readers = ReturnType<typeof openReaders>
