import type Hyperbee from 'hyperbee'
import { canonicalOperationType, isOperationType, type OperationType } from '../../protocol/index.js'
import type { ActivityItem, AuditEntry, LedgerEntry, LowStock, MovementDay, Overview, Product } from '../../protocol/index.js'
import type { CatalogReader } from './catalog-reader.js'
import type { ConflictsReader } from './conflicts-reader.js'
import { AUDIT_RANGE, BALANCE_RANGE, LEDGER_RANGE } from './keys.js'
import type { MeshReader } from './mesh-reader.js'
import type { OrdersReader } from './orders-reader.js'
import type { PeopleReader } from './people-reader.js'
import { auditEntries } from './read.js'
import type { BalanceState } from './stock-reader.js'

const DAY_MS = 86_400_000

/**
 * The ledger and the audit trail are kept in fold order, which is the order of time except where a
 * node that was apart comes back: its older work is folded after newer work. So a read back in
 * time does not stop at the first entry before the window; it stops after this many in a row, or
 * at the cap (a site of 330k rolls has that many receipts in its ledger: the overview must not
 * read it all on every refresh).
 */
const OLDER_IN_A_ROW = 2000
const READ_CAP = 200_000

/**
 * What an operation did, in a few words, for the activity feed: every type has its words (the
 * compiler holds a new one to it), so the feed never shows a raw type such as `menu.set`.
 */
const WHAT: Record<OperationType, string> = {
  'site.create': 'founded the site',
  'site.setNumberStyle': 'changed how numbers are written',
  'people.add': 'added a person',
  'people.setPin': "changed a person's PIN",
  'people.setRole': "changed a person's role",
  'people.remove': 'removed a person',
  'people.setBadge': "changed a person's badge",
  'mesh.addNode': 'added a node',
  'mesh.removeNode': 'removed a node',
  'notes.post': 'posted a note',
  'notes.archive': 'archived a note',
  'printing.announce': 'announced a printer',
  'printing.queue': 'printed a document',
  'printing.cancel': 'cancelled a print',
  'printing.printed': 'finished a print',
  'catalog.products.upsert': 'changed products',
  'catalog.locations.upsert': 'changed locations',
  'catalog.partners.upsert': 'changed partners',
  'catalog.import': 'imported a file',
  'stock.receive': 'received rolls',
  'stock.move': 'moved a roll',
  'stock.unreceive': 'undid a receipt',
  'orders.create': 'created an order',
  'orders.cancel': 'cancelled an order',
  'orders.fulfil': 'shipped an order',
  'orders.reserve': 'held rolls for an order',
  'orders.release': 'released held rolls',
  'picking.scan': 'picked a roll',
  'picking.short': 'recorded a short pick',
  'picking.unpick': 'undid a pick',
  'counting.open': 'opened a count',
  'counting.scan': 'scanned a count',
  'counting.approve': 'approved a count',
  'counting.cancel': 'dropped a count',
  'counting.unscan': 'undid a count scan',
  'conflicts.resolve': 'resolved a conflict',
  'webhooks.sender': 'changed a webhook sender',
  'webhooks.received': 'took in a webhook',
  'repairs.intake': 'took in a device for repair',
  'repairs.move': 'moved a repair on',
  'repairs.note': 'wrote on a repair',
  'repairs.part': 'used a part on a repair',
  'repairs.edit': 'edited a repair',
  'repairs.discrepancy': 'recorded a bench discrepancy',
  'attachments.add': 'attached a file',
  'stations.set': 'set up a kitchen station',
  'stations.register': 'registered a kitchen screen',
  'stations.beat': 'kept a kitchen screen alive',
  'menu.set': 'changed the menu',
  'menu.throttle': 'changed a station limit',
  'menu.stock': 'counted menu stock',
  'menu.out': 'marked a dish out',
  'shifts.checkIn': 'checked in',
  'shifts.pause': 'paused a shift',
  'shifts.resume': 'resumed a shift',
  'shifts.checkOut': 'checked out',
  'tickets.fire': 'fired a ticket',
  'tickets.add': 'added to a ticket',
  'tickets.start': 'started a ticket',
  'tickets.bump': 'bumped a ticket',
  'tickets.serve': 'served a ticket',
  'tickets.hold': 'held a ticket',
  'tickets.resume': 'resumed a ticket',
  'tickets.cancel': 'cancelled a ticket',
  'tickets.recall': 'recalled a ticket',
  'tickets.advance': 'moved a ticket on',
  'history.restore': 'restored an earlier version',
}

/** An older name is read as its new one; a type this version does not know (a newer node's) as itself. */
function whatOf(type: string): string {
  const canonical = canonicalOperationType(type)
  return isOperationType(canonical) ? WHAT[canonical] : type
}

/** Machine-made, or too frequent to be news: left out of the feed. */
const QUIET = new Set(['printing.printed', 'printing.announce', 'site.create', 'stations.beat'])

export class OverviewReader {
  constructor(
    private readonly bee: Hyperbee,
    private readonly readers: {
      people: PeopleReader
      mesh: MeshReader
      catalog: CatalogReader
      orders: OrdersReader
      conflicts: ConflictsReader
    },
  ) {}

  async overview(opts: { days: number; tzOffset: number; activity: number; now: number }): Promise<Overview> {
    const dayOf = (t: number) => new Date(t - opts.tzOffset * 60_000).toISOString().slice(0, 10)
    const today = dayOf(opts.now)
    // midnight of the first day shown, in the caller's zone
    const todayStart = Date.parse(`${today}T00:00:00Z`) + opts.tzOffset * 60_000
    const since = todayStart - (opts.days - 1) * DAY_MS
    const days = new Map<string, MovementDay>()
    for (let i = opts.days - 1; i >= 0; i--) {
      const day = dayOf(todayStart - i * DAY_MS + DAY_MS / 2)
      days.set(day, { day, received: 0, shipped: 0, moved: 0, adjusted: 0 })
    }
    let capped = false
    const ledger = await this.back<LedgerEntry>(
      LEDGER_RANGE,
      since,
      (v) => [v as LedgerEntry],
      (e) => e.at,
      (entry) => {
        const bucket = days.get(dayOf(entry.at))
        if (bucket === undefined) return
        if (entry.type === 'INCOMING_RECEIPT') bucket.received++
        else if (entry.type === 'ORDER_FULFILLMENT') bucket.shipped++
        else if (entry.type === 'TRANSFER_IN') bucket.moved++
        else if (entry.type === 'STOCK_ADJUSTMENT' || entry.type === 'MANUAL_CORRECTION') bucket.adjusted++
      },
    )
    capped ||= ledger.capped
    let picks = 0
    let shippedOrders = 0
    const recent: AuditEntry[] = []
    const audit = await this.back<AuditEntry>(
      AUDIT_RANGE,
      todayStart,
      (v) => auditEntries(v).reverse(),
      (e) => e.hlc.t,
      (entry) => {
        if (entry.status !== 'applied' || dayOf(entry.hlc.t) !== today) return
        const type = canonicalOperationType(entry.type)
        if (type === 'picking.scan') picks++
        if (type === 'orders.fulfil') shippedOrders++
      },
    )
    capped ||= audit.capped
    for await (const { value } of this.bee.createReadStream({ ...AUDIT_RANGE, reverse: true, limit: opts.activity * 20 })) {
      for (const entry of auditEntries(value).reverse())
        if (!QUIET.has(canonicalOperationType(entry.type)) && recent.length < opts.activity * 20) recent.push(entry)
      // room for runs of one kind (a move of 20 rolls is 20 entries) that the feed tells once
      if (recent.length >= opts.activity * 20) break
    }
    const todays = days.get(today)!
    const [open, conflicts] = await Promise.all([
      this.readers.orders.orders('open', 100_000),
      this.readers.conflicts.conflicts(true, 100_000),
    ])
    return {
      today: {
        day: today,
        receivedRolls: todays.received,
        picks,
        shippedOrders,
        shippedRolls: todays.shipped,
        movedRolls: todays.moved,
      },
      openOrders: open.length,
      openConflicts: conflicts.length,
      low: await this.low(),
      activity: (await this.activity(recent)).slice(0, opts.activity),
      days: [...days.values()],
      read: { ledger: ledger.read, audit: audit.read, capped },
    }
  }

  /** Walk a range newest first, handing each item at or after `since` to `take` (see OLDER_IN_A_ROW). */
  private async back<T>(
    range: { gte: string; lt: string },
    since: number,
    items: (value: unknown) => T[],
    time: (item: T) => number,
    take: (item: T) => void,
  ): Promise<{ read: number; capped: boolean }> {
    let read = 0
    let older = 0
    for await (const { value } of this.bee.createReadStream({ ...range, reverse: true })) {
      for (const item of items(value)) {
        read++
        if (time(item) < since) older++
        else {
          older = 0
          take(item)
        }
      }
      if (older >= OLDER_IN_A_ROW) return { read, capped: false }
      if (read >= READ_CAP) return { read, capped: true }
    }
    return { read, capped: false }
  }

  /** Products whose free stock (on hand less held) is below their `min` attribute, or 10 of their unit; lowest first. */
  private async low(limit = 10): Promise<LowStock[]> {
    const free = new Map<string, number>()
    for await (const { value } of this.bee.createReadStream(BALANCE_RANGE)) {
      const b = value as BalanceState
      free.set(b.sku, (free.get(b.sku) ?? 0) + b.milli - (b.reserved ?? 0))
    }
    const out: LowStock[] = []
    for (const [sku, milli] of free) {
      const product: Product | null = await this.readers.catalog.product(sku)
      if (product === null) continue
      const min = Number(product.attributes.min)
      const below = Number.isFinite(min) && min > 0 ? Math.round(min * 1000) : 10_000
      if (milli < below) out.push({ sku, name: product.name, unit: product.unit, free: milli, below })
    }
    return out.sort((a, b) => a.free / a.below - b.free / b.below).slice(0, limit)
  }

  /** Names instead of ids and keys: the person's name, the node's. */
  private async activity(entries: AuditEntry[]): Promise<ActivityItem[]> {
    const writers = new Map((await this.readers.mesh.writers()).map((w) => [w.key, w.name]))
    const names = new Map<string, string>()
    const out: ActivityItem[] = []
    for (const e of entries) {
      const last = out.at(-1)
      if (
        last !== undefined &&
        last.person === e.person &&
        last.node === (writers.get(e.node) ?? e.node.slice(0, 8)) &&
        last.type === e.type &&
        last.status === 'applied' &&
        e.status === 'applied'
      ) {
        last.count++
        continue
      }
      if (!names.has(e.person)) names.set(e.person, (await this.readers.people.person(e.person))?.name ?? e.person)
      out.push({
        at: e.hlc.t,
        person: e.person,
        name: names.get(e.person)!,
        node: writers.get(e.node) ?? e.node.slice(0, 8),
        type: e.type,
        what: whatOf(e.type),
        status: e.status,
        ...(e.reason === undefined ? {} : { reason: e.reason }),
        count: 1,
      })
    }
    return out
  }
}
