import type { SocketClient } from '../../client/socket-client.js'
import { outsideDay, writeKitchenExport, type KitchenExportOf } from '../../client/kitchen-export.js'
import { OutpostError, localDay, type ShiftRecord, type ShiftSummary } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

/**
 * `outpost kitchen export|summary`: a service shift's numbers, from the daemon (shifts.summary,
 * shifts.export); with --outside, the tickets fired on a day with no truck or place shift open.
 */

/** --outside without a day is today. */
export type OutsideFlag = string | true | undefined

const SHIFTS_READ = 500

/**
 * --shift is the shift's id (case does not matter for the ids the site makes), or its name (the
 * truck, place or person, as the Shifts screen shows it; case does not matter): the generated id is hardly shown, so a person types the name. Two
 * shifts of one name are refused with both ids, so the person picks (the newest may be the wrong one).
 */
async function shiftId(client: SocketClient, named: string): Promise<string> {
  const shifts = await client.call('shifts.list', { all: true, limit: SHIFTS_READ })
  if (shifts.some((s) => s.id === named)) return named
  // an id typed in lower case ("s-123mx8"): the ids the site makes are upper case
  if (shifts.some((s) => s.id === named.toUpperCase())) return named.toUpperCase()
  const name = named.trim().toLowerCase()
  const matching = shifts.filter((s) => s.who.toLowerCase() === name)
  const listed = (list: ShiftRecord[]) => list.map((s) => `${s.who} ${s.id} (in ${localDay(s.checkedIn, true)})`).join(', ')
  if (matching.length === 1) return matching[0]!.id
  if (matching.length > 1)
    throw new OutpostError('E_USAGE', `${matching.length} shifts are named ${named}: ${listed(matching)}; name one by its id`)
  // older shifts than those read may still have this id: the daemon says if not
  if (shifts.length === SHIFTS_READ) return named
  const recent = shifts.slice(0, 5)
  throw new OutpostError(
    'E_NOT_FOUND',
    recent.length === 0 ? `no shift ${named}: none checked in yet` : `no shift ${named}; recent: ${listed(recent)}`,
  )
}

/** The shift named, the day outside shifts, or the newest truck or place shift (open or not). */
async function exportOf(client: SocketClient, named: string | undefined, outside: OutsideFlag): Promise<KitchenExportOf> {
  if (named !== undefined && outside !== undefined) throw new OutpostError('E_USAGE', '--shift or --outside, not both')
  if (outside !== undefined) return { outside: outsideDay(outside === true ? undefined : outside) }
  if (named !== undefined) return { shift: await shiftId(client, named) }
  const service = (await client.call('shifts.list', { all: true, limit: SHIFTS_READ })).find((s) => s.kind !== 'person')
  if (service === undefined)
    throw new OutpostError(
      'E_NOT_FOUND',
      'no truck or place shift yet: name one with --shift (--outside: the tickets fired outside any shift)',
    )
  return { shift: service.id }
}

export async function kitchenExportCommand(
  globals: GlobalOptions,
  opts: { shift?: string; outside?: OutsideFlag; format: 'csv' | 'json'; out: string; as?: string },
): Promise<number> {
  // a missing --out folder is refused by writeKitchenExport before the export is made
  return withDaemon(globals, opts.as, async (client) => {
    const files = await writeKitchenExport(client, await exportOf(client, opts.shift, opts.outside), opts.format, opts.out)
    process.stdout.write(files.join('\n') + '\n')
    return 0
  })
}

const minutes = (ms: number | null) => (ms === null ? '-' : `${(ms / 60_000).toFixed(1)} min`)
const money = (cents: number) => (cents / 100).toFixed(2)

/** What a summary is of: the shift, or the period outside any shift. */
export function summaryTitle(s: ShiftSummary): string {
  if (s.shift !== null) return `shift ${s.shift.id} (${s.shift.kind} ${s.shift.who}, ${s.shift.state})`
  const at = (ms: number | undefined) => (ms === undefined ? '?' : new Date(ms).toISOString())
  return `outside any shift (${at(s.outside?.from)} to ${at(s.outside?.to)})`
}

export function formatSummary(s: ShiftSummary): string {
  const lines = [
    summaryTitle(s),
    `tickets ${s.tickets} (served ${s.served}, open ${s.open}, oversold ${s.oversold})   items ${s.items}   revenue ${money(s.revenue)}`,
    ...s.prep.map(
      (p) =>
        `prep ${p.station.padEnd(12)} ${String(p.items).padStart(5)} items   average ${minutes(p.averageMs)}   p90 ${minutes(p.p90Ms)}`,
    ),
    ...s.cancellations.map((c) => `cancelled ${String(c.tickets).padStart(4)}  ${c.reason}`),
  ]
  return lines.join('\n') + '\n'
}

export async function kitchenSummaryCommand(
  globals: GlobalOptions,
  opts: { shift?: string; outside?: OutsideFlag; json?: boolean; as?: string },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const of = await exportOf(client, opts.shift, opts.outside)
    const summary = await client.call(
      'shifts.summary',
      'shift' in of ? { shift: of.shift } : { outside: { from: of.outside.from, to: of.outside.to } },
    )
    process.stdout.write(opts.json === true ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary))
    return 0
  })
}
