import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SocketClient } from '../../client/socket-client.js'
import { OutpostError, type ShiftSummary } from '../../protocol/index.js'
import type { GlobalOptions } from '../outpost.js'
import { withDaemon } from './connect.js'

/** `outpost kitchen export|summary`: a service shift's numbers, from the daemon (shifts.summary, shifts.export). */

/** The shift named, or the newest truck or place shift (open or not). */
async function shiftOf(client: SocketClient, named: string | undefined): Promise<string> {
  if (named !== undefined) return named
  const service = (await client.call('shifts.list', { all: true, limit: 500 })).find((s) => s.kind !== 'person')
  if (service === undefined) throw new OutpostError('E_NOT_FOUND', 'no truck or place shift yet: name one with --shift')
  return service.id
}

export async function kitchenExportCommand(
  globals: GlobalOptions,
  opts: { shift?: string; format: 'csv' | 'json'; out: string; as?: string },
): Promise<number> {
  // before the daemon is asked: a missing folder ended in a bare ENOENT after the export was made
  const folder = await stat(opts.out).catch(() => null)
  if (folder === null || !folder.isDirectory()) throw new OutpostError('E_NOT_FOUND', `no folder ${opts.out} to write the export to`)
  return withDaemon(globals, opts.as, async (client) => {
    const shift = await shiftOf(client, opts.shift)
    const out = await client.call('shifts.export', { shift, format: opts.format })
    const files = [join(opts.out, `kitchen-${shift}-tickets.${opts.format}`), join(opts.out, `kitchen-${shift}-summary.${opts.format}`)]
    await writeFile(files[0]!, out.tickets)
    await writeFile(files[1]!, out.summary)
    process.stdout.write(files.join('\n') + '\n')
    return 0
  })
}

const minutes = (ms: number | null) => (ms === null ? '-' : `${(ms / 60_000).toFixed(1)} min`)
const money = (cents: number) => (cents / 100).toFixed(2)

export function formatSummary(s: ShiftSummary): string {
  const lines = [
    `shift ${s.shift.id} (${s.shift.kind} ${s.shift.who}, ${s.shift.state})`,
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
  opts: { shift?: string; json?: boolean; as?: string },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const summary = await client.call('shifts.summary', { shift: await shiftOf(client, opts.shift) })
    process.stdout.write(opts.json === true ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary))
    return 0
  })
}
