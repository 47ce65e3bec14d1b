/**
 * Key layout of the view (a Hyperbee). Keys that grow with time (the audit journal, notes) are
 * monotonic, because Hyperbee inserts at the end of its key space are about four times cheaper
 * than inserts at random places (measured: 48k vs 11k puts/s on the development machine).
 */
export const META_KEY = '\u0000meta'

/**
 * The audit journal: one entry per folded log block, under the seq of the block's first
 * operation, holding that block's audit entries in fold order (see ViewWriter.audit).
 */
export const auditKey = (seq: number): string => 'audit/' + seq.toString().padStart(12, '0')
export const AUDIT_RANGE = { gte: 'audit/', lt: 'audit0' } as const

export const personKey = (id: string): string => 'person/' + id
export const PERSON_RANGE = { gte: 'person/', lt: 'person0' } as const

export const writerKey = (key: string): string => 'writer/' + key
export const WRITER_RANGE = { gte: 'writer/', lt: 'writer0' } as const

/** Shift notes: open ones and archived ones in separate ranges, so each list is one range read. */
export const noteKey = (id: string): string => 'note/' + id
export const NOTE_RANGE = { gte: 'note/', lt: 'note0' } as const
export const archivedNoteKey = (id: string): string => 'note-archived/' + id
export const ARCHIVED_NOTE_RANGE = { gte: 'note-archived/', lt: 'note-archived0' } as const

export const SITE_KEY = 'site'

/** Printers by id, print jobs by id, and each printer's queue in job-id (time) order. */
export const printerKey = (id: string): string => 'printer/' + id
export const PRINTER_RANGE = { gte: 'printer/', lt: 'printer0' } as const
export const printJobKey = (id: string): string => 'print-job/' + id
export const PRINT_JOB_RANGE = { gte: 'print-job/', lt: 'print-job0' } as const
export const printQueueKey = (printer: string, job: string): string => `print-queue/${printer}/${job}`
export const printQueueRange = (printer: string) => ({ gte: `print-queue/${printer}/`, lt: `print-queue/${printer}0` }) as const

/** The catalog by key, and every scannable code (product barcode, location, roll) in one index. */
export const productKey = (sku: string): string => 'product/' + sku
export const PRODUCT_RANGE = { gte: 'product/', lt: 'product0' } as const
export const locationKey = (code: string): string => 'location/' + code
export const LOCATION_RANGE = { gte: 'location/', lt: 'location0' } as const
export const partnerKey = (code: string): string => 'partner/' + code
export const PARTNER_RANGE = { gte: 'partner/', lt: 'partner0' } as const
export const codeKey = (code: string): string => 'code/' + code
/** What the fold made of a `catalog.import` operation, by the operation's id. */
export const importKey = (opId: string): string => 'import/' + opId
export const lotKey = (sku: string, lot: string): string => `lot/${sku}/${lot}`
export const rollKey = (code: string): string => 'roll/' + code
export const ROLL_RANGE = { gte: 'roll/', lt: 'roll0' } as const

/** The ledger in fold order, and the balances derived from it per product, location and lot. */
export const LEDGER_COUNT_KEY = 'ledger-count'
export const ledgerKey = (seq: number): string => 'ledger/' + seq.toString().padStart(12, '0')
export const LEDGER_RANGE = { gte: 'ledger/', lt: 'ledger0' } as const
export const balanceKey = (sku: string, location: string, lot: string): string => `balance/${sku}/${location}/${lot}`
export const BALANCE_RANGE = { gte: 'balance/', lt: 'balance0' } as const
/** Balances by location (the value is the balance's key), for a shelf's lookup. */
export const balanceAtKey = (location: string, sku: string, lot: string): string => `balance-at/${location} ${sku} ${lot}`
export const balanceAtRange = (location: string) => ({ gte: `balance-at/${location} `, lt: `balance-at/${location}!` }) as const

/** Per writer, the place in its log of the last operation folded (see foldOperation). */
export const foldedKey = (writer: string): string => 'folded/' + writer

/**
 * Rolls by location and by product, for counts, pick lists and allocation. A space separates the
 * parts because no code may hold one (a SKU may hold '/').
 */
export const rollAtKey = (location: string, code: string): string => `roll-at/${location} ${code}`
export const rollAtRange = (location: string) => ({ gte: `roll-at/${location} `, lt: `roll-at/${location}!` }) as const
export const rollOfKey = (sku: string, code: string): string => `roll-of/${sku} ${code}`
export const rollOfRange = (sku: string) => ({ gte: `roll-of/${sku} `, lt: `roll-of/${sku}!` }) as const

/** Orders, count sessions, conflicts (in fold order) and the outbox's events (in fold order). */
export const orderKey = (id: string): string => 'order/' + id
export const ORDER_RANGE = { gte: 'order/', lt: 'order0' } as const
export const countKey = (id: string): string => 'count/' + id
export const COUNT_RANGE = { gte: 'count/', lt: 'count0' } as const
export const conflictKey = (id: string): string => 'conflict/' + id
export const CONFLICT_RANGE = { gte: 'conflict/', lt: 'conflict0' } as const
export const conflictId = (auditSeq: number, suffix?: string): string =>
  auditSeq.toString().padStart(12, '0') + (suffix === undefined ? '' : ' ' + suffix)
/** A roll's open left-twice conflict (its id), while one is open: a further departure joins it. */
export const unitConflictKey = (code: string): string => 'unit-conflict/' + code
export const EVENT_COUNT_KEY = 'event-count'
export const eventKey = (seq: number): string => 'event/' + seq.toString().padStart(12, '0')
export const EVENT_RANGE = { gte: 'event/', lt: 'event0' } as const

/** The webhook outbox: which node sends, and the inbound webhook ids applied (a repeat is refused). */
export const WEBHOOK_SENDER_KEY = 'webhook-sender'
export const webhookReceivedKey = (id: string): string => 'webhook-in/' + id
/** The repair bench: devices by intake code, repairs by id (and open ones apart), discrepancies by id. */
export const deviceKey = (code: string): string => 'device/' + code
export const repairKey = (id: string): string => 'repair/' + id
export const REPAIR_RANGE = { gte: 'repair/', lt: 'repair0' } as const
/** Open repairs (the value is 1), so the bench's list is one short range read. */
export const openRepairKey = (id: string): string => 'repair-open/' + id
export const OPEN_REPAIR_RANGE = { gte: 'repair-open/', lt: 'repair-open0' } as const
export const discrepancyKey = (id: string): string => 'discrepancy/' + id
export const DISCREPANCY_RANGE = { gte: 'discrepancy/', lt: 'discrepancy0' } as const

/** Attachments by id (the operation's), each record's in order of adding, and which content a node holds. */
export const attachmentKey = (id: string): string => 'attachment/' + id
export const attachmentCountKey = (entity: string): string => 'attachment-count/' + entity
export const attachmentOfKey = (entity: string, seq: number): string => `attachment-of/${entity} ${seq.toString().padStart(12, '0')}`
export const attachmentOfRange = (entity: string) => ({ gte: `attachment-of/${entity} `, lt: `attachment-of/${entity}!` }) as const
/** Where an attachment's bytes (by sha-256) were first stored: a second copy points there. */
export const blobKey = (hash: string): string => 'blob/' + hash
/** The keys any of which names a record of the site that can carry attachments (a scannable code, a repair, an order, a count). */
export const entityKeys = (entity: string): string[] => [codeKey(entity), repairKey(entity), orderKey(entity), countKey(entity)]
/** The kitchen: stations and KDS screens, the menu, shifts, tickets (daemon/fold/{stations,menu,shifts,tickets}.ts). */
export const stationKey = (id: string): string => 'station/' + id
export const STATION_RANGE = { gte: 'station/', lt: 'station0' } as const
export const screenKey = (id: string): string => 'screen/' + id
export const SCREEN_RANGE = { gte: 'screen/', lt: 'screen0' } as const
export const menuKey = (id: string): string => 'menu/' + id
export const MENU_RANGE = { gte: 'menu/', lt: 'menu0' } as const
/** A menu number (what the counter types) to its item's id. */
export const menuNumberKey = (n: number): string => 'menu-number/' + n.toString().padStart(4, '0')
/** An item's stock, sales and out mark in one shift (a space: no id holds one). */
export const itemShiftKey = (shift: string, item: string): string => `menu-shift/${shift} ${item}`
export const itemShiftRange = (shift: string) => ({ gte: `menu-shift/${shift} `, lt: `menu-shift/${shift}!` }) as const
export const throttleKey = (station: string): string => 'throttle/' + station
export const THROTTLE_RANGE = { gte: 'throttle/', lt: 'throttle0' } as const
export const shiftKey = (id: string): string => 'shift/' + id
export const SHIFT_RANGE = { gte: 'shift/', lt: 'shift0' } as const
export const ticketKey = (id: string): string => 'ticket/' + id
export const TICKET_RANGE = { gte: 'ticket/', lt: 'ticket0' } as const
const at = (t: number): string => t.toString().padStart(15, '0')
/** Open tickets (not served, not cancelled) oldest first: what a board shows. */
export const openTicketKey = (fired: number, id: string): string => `ticket-open/${at(fired)} ${id}`
export const OPEN_TICKET_RANGE = { gte: 'ticket-open/', lt: 'ticket-open0' } as const
/** Every ticket by the time it was fired: a throttle's 15-minute slot is one range. */
export const firedTicketKey = (fired: number, id: string): string => `ticket-fired/${at(fired)} ${id}`
export const firedTicketRange = (from: number, to: number) => ({ gte: `ticket-fired/${at(from)}`, lt: `ticket-fired/${at(to)}` }) as const
export const shiftTicketKey = (shift: string, id: string): string => `ticket-shift/${shift} ${id}`
export const shiftTicketRange = (shift: string) => ({ gte: `ticket-shift/${shift} `, lt: `ticket-shift/${shift}!` }) as const
/** Served tickets in the order they were served (the recall list), and how many ever were. */
export const SERVED_COUNT_KEY = 'ticket-served-count'
export const servedTicketKey = (n: number): string => 'ticket-served/' + n.toString().padStart(12, '0')
export const SERVED_TICKET_RANGE = { gte: 'ticket-served/', lt: 'ticket-served0' } as const
/** Per station, the ticket it bumped last (what R recalls). */
export const lastBumpKey = (station: string): string => 'ticket-last-bump/' + station
/** Work on a ticket refused because it was on hold: which hold, which conflict lists it (ticket-cancel.ts). */
export const heldRefusalsKey = (ticket: string): string => 'ticket-held-refused/' + ticket
/**
 * Each record's history (daemon/fold/history-index.ts): `history/<record's view key>` then NUL
 * then the fold seq, so one record's entries are one range read in fold order. NUL ends the
 * record's key because no key holds it (a conflict id holds spaces, a SKU '/').
 */
export const historyKey = (record: string, seq: number): string => `history/${record}\u0000${seq.toString().padStart(12, '0')}`
export const historyRange = (record: string) => ({ gte: `history/${record}\u0000`, lt: `history/${record}\u0001` }) as const

/** A record's field stamps for the field-level merge (daemon/fold/field-merge.ts), by the record's view key. */
export const fieldsKey = (record: string): string => 'fields/' + record
/** Every record one operation touched, by its seq, when more than a history entry lists (`alsoMore`). */
export const historyOpKey = (seq: number): string => 'history-op/' + seq.toString().padStart(12, '0')
