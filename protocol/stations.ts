import { z } from 'zod'
import { entered } from './entered-text.js'
import { ONE_EDIT } from './fields.js'
import { PrinterId } from './printing.js'
import { Appended, Empty, HexKey, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * The kitchen's stations (grill, cold, bar, expo) as data, and the KDS screens that show them.
 * A screen registers once (an operation, so every node of the site knows it); its heartbeat is
 * kept in memory by the node it talks to (a beat every few seconds would grow the log forever),
 * and one beat in BEAT_LOG_EVERY_MS is logged so the other nodes see which screens are up.
 */

export const StationId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,23}$/, 'a station id is 1-24 lower-case letters, digits, . _ -')
export type StationId = z.infer<typeof StationId>
export const ScreenId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'a screen id is 1-32 lower-case letters, digits, . _ -')

/** prep: makes its items and bumps them; expo: sees every item of a ticket and serves it. */
export const STATION_KINDS = ['prep', 'expo'] as const

export const StationRecord = z.object({
  id: StationId,
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  /** Where its chits print (a printer of the site), or none. */
  printer: PrinterId.nullable(),
  /** A retired station takes no new items; its old tickets still show. */
  retired: z.boolean(),
})
export type StationRecord = z.infer<typeof StationRecord>

/** Minutes after which a tile is shown as ageing (warn) and late; defaults 5 and 8. */
export const Ageing = z
  .object({ warn: z.number().int().min(1).max(240), late: z.number().int().min(1).max(480) })
  .refine((a) => a.late > a.warn, 'late comes after warn')
export const DEFAULT_AGEING = { warn: 5, late: 8 } as const

export const ScreenRecord = z.object({
  id: ScreenId,
  name: z.string(),
  /** The node (writer key) the screen's TUI talks to. */
  node: HexKey,
  stations: z.array(StationId),
  ageing: z.object({ warn: z.number().int(), late: z.number().int() }),
  /** The station printer that gets this screen's chits (overrides its stations' own), or none. */
  printer: PrinterId.nullable(),
  registeredBy: z.string(),
  at: z.number().int(),
  /** Its last logged beat (stations.beat, at most one per BEAT_LOG_EVERY_MS): what other nodes know of it. */
  beat: z.number().int().optional(),
})
export type ScreenRecord = z.infer<typeof ScreenRecord>

/** A screen as `stations.screens` reports it: up while its node has heard from it lately. */
export const ScreenStatus = ScreenRecord.extend({
  /**
   * The last heartbeat known here (ms): heard by this node itself, or, for a screen of another
   * node, its last logged beat (up to BEAT_LOG_EVERY_MS old); null if neither.
   */
  lastSeen: z.number().int().nullable(),
  /**
   * This node's screen: heard within SCREEN_DOWN_AFTER_MS. Another node's: its logged beat within
   * LOGGED_DOWN_AFTER_MS (as of the last time the two nodes met). Null: no beat known at all.
   */
  up: z.boolean().nullable(),
})
export type ScreenStatus = z.infer<typeof ScreenStatus>

/** A screen without a heartbeat for this long is shown as down. */
export const SCREEN_DOWN_AFTER_MS = 30_000
/**
 * A screen's node logs one of its beats at most this often (stations.beat), so a manager on
 * another node sees which screens are up: ~12 operations an hour per screen, not one per beat.
 */
export const BEAT_LOG_EVERY_MS = 5 * 60_000
/** Another node's screen is shown down once its last logged beat is this old (a beat missed, and slack). */
export const LOGGED_DOWN_AFTER_MS = BEAT_LOG_EVERY_MS + 60_000

const StationPayload = z.object({
  id: StationId,
  name: z.string().trim().min(1).max(40),
  kind: z.enum(STATION_KINDS).default('prep'),
  printer: PrinterId.nullable().default(null),
  retired: z.boolean().default(false),
})
const RegisterPayload = z.object({
  screen: ScreenId,
  name: z.string().trim().min(1).max(40),
  stations: z.array(StationId).min(1).max(12),
  ageing: Ageing.default(DEFAULT_AGEING),
  printer: PrinterId.nullable().default(null),
})

export const STATIONS_OPERATIONS = {
  /** v2: field-level merge (ONE_EDIT). */
  'stations.set': { v: 2, allowed: ['manager'], payload: StationPayload.extend(ONE_EDIT) },
  'stations.register': { v: 1, allowed: ['kitchen'], payload: RegisterPayload },
  /** A screen's beat, logged by its own node at most every BEAT_LOG_EVERY_MS. */
  'stations.beat': { v: 1, allowed: ['kitchen'], payload: z.object({ screen: ScreenId }) },
} as const satisfies Record<string, OperationSpec>

export const STATIONS_METHODS = {
  'stations.set': {
    summary: 'add or change a kitchen station (grill, cold, bar, expo): its kind and chit printer',
    access: ['manager'],
    // a name is checked here, not in the payload: old logs fold as they were written
    params: StationPayload.extend({ name: entered(40) }).strict(),
    result: Appended,
  },
  'stations.list': {
    summary: "the site's kitchen stations",
    // public: `outpost kitchen --station nosuch` is refused before anyone signs in, naming the
    // stations there are; their ids and names are what every KDS screen shows anyway
    access: 'public',
    params: Empty,
    result: z.array(StationRecord),
  },
  'stations.register': {
    summary: 'a KDS screen says which stations it shows, its ageing thresholds and chit printer (appends only when that changed)',
    access: ['kitchen'],
    // a screen's name is listed by every manager's screen: checked here as stations.set's is
    params: RegisterPayload.extend({ name: entered(40) }).strict(),
    result: z.object({ ids: z.array(z.string()), screen: ScreenRecord }),
  },
  'stations.heartbeat': {
    summary: 'a KDS screen is up (kept in memory by this node; logged at most every 5 minutes for the other nodes); send every few seconds',
    access: ['kitchen'],
    params: z.object({ screen: ScreenId }).strict(),
    result: z.object({ at: z.number().int() }),
  },
  'stations.screens': {
    summary: 'the KDS screens of the site: stations, thresholds, printer, last seen, up',
    access: 'anyone',
    params: Empty,
    result: z.array(ScreenStatus),
  },
} as const satisfies Record<string, MethodSpec>
