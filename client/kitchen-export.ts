import { stat, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { OutpostError, localDay, type OutsidePeriod } from '../protocol/index.js'
import type { SocketClient } from './socket-client.js'

/**
 * A kitchen export written as two files, the one way `outpost kitchen export` and the TUI's Shifts
 * screen name and write them: `kitchen-SHIFT-tickets.csv` and `kitchen-SHIFT-summary.csv` (or
 * .json), `kitchen-outside-DAY-*` for the tickets fired outside any shift on a day. The TUI wrote
 * `shift-*` where the CLI wrote `kitchen-*` (#17): one piece of code now names them.
 */

/** A shift, or a local day's tickets fired with no shift open. */
export type KitchenExportOf = { shift: string } | { outside: OutsideDay }
export interface OutsideDay extends OutsidePeriod {
  /** YYYY-MM-DD, in this machine's time zone. */
  day: string
}

/** `day` (YYYY-MM-DD, default today) from its local midnight to the next (a DST day is 23 or 25 hours). */
export function outsideDay(day?: string): OutsideDay {
  const text = day ?? localDay(new Date())
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const [y, mo, d] = m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])]
  const from = new Date(y, mo - 1, d)
  if (m === null || from.getFullYear() !== y || from.getMonth() !== mo - 1 || from.getDate() !== d)
    throw new OutpostError('E_USAGE', `${text} is not a day: write it YYYY-MM-DD, e.g. 2026-12-03`)
  return { day: text, from: from.getTime(), to: new Date(y, mo - 1, d + 1).getTime() }
}

/** The stem of the two files: kitchen-SHIFT or kitchen-outside-DAY. */
export const exportStem = (of: KitchenExportOf): string => ('shift' in of ? `kitchen-${of.shift}` : `kitchen-outside-${of.outside.day}`)

/** The two files' full paths in `folder`: tickets, then summary. */
export function exportFiles(folder: string, of: KitchenExportOf, format: 'csv' | 'json'): [string, string] {
  const stem = resolve(folder, exportStem(of))
  return [`${stem}-tickets.${format}`, `${stem}-summary.${format}`]
}

/** Ask the daemon for the export and write its two files to `folder` (owner-only: they hold the takings); their full paths. */
export async function writeKitchenExport(
  client: SocketClient,
  of: KitchenExportOf,
  format: 'csv' | 'json',
  folder: string,
): Promise<[string, string]> {
  // before the export is made: a missing folder ended in a bare ENOENT after it
  const dir = await stat(folder).catch(() => null)
  if (dir === null || !dir.isDirectory()) throw new OutpostError('E_NOT_FOUND', `no folder ${folder} to write the export to`)
  const out = await client.call(
    'shifts.export',
    'shift' in of ? { shift: of.shift, format } : { outside: { from: of.outside.from, to: of.outside.to }, format },
  )
  const files = exportFiles(folder, of, format)
  await writeFile(files[0], out.tickets, { mode: 0o600 })
  await writeFile(files[1], out.summary, { mode: 0o600 })
  return files
}
