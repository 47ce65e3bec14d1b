import { OutpostError, type HistoryEntry, type PersonRecord, type ResultOf, type WriterRecord } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

/** `outpost history CODE`: every operation that touched a record, newest first. */
export async function historyCommand(
  globals: GlobalOptions,
  record: string,
  opts: { json?: boolean; as?: string; limit?: string; before?: string },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const result = await client.call('history.get', {
      record,
      limit: opts.limit === undefined ? 100 : whole('--limit', opts.limit),
      ...(opts.before === undefined ? {} : { before: whole('--before', opts.before) }),
    })
    if (opts.json === true) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n')
      return 0
    }
    const [nodes, people] = await Promise.all([client.call('mesh.nodes'), client.call('people.list')])
    process.stdout.write(formatHistory(result, nodes, people))
    return 0
  })
}

/** `outpost rollback CODE SEQ`: show the compensating operations; with --apply, append them. */
export async function rollbackCommand(
  globals: GlobalOptions,
  record: string,
  to: string,
  opts: { json?: boolean; as?: string; note?: string; apply?: boolean },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const who = new Map((await client.call('people.list')).map((p) => [p.id, p.name]))
    const { proposal, ids } = await client.call('history.rollback', {
      record,
      to: whole('seq', to),
      apply: opts.apply === true,
      ...(opts.note === undefined ? {} : { note: opts.note }),
    })
    if (opts.json === true) {
      process.stdout.write(JSON.stringify({ proposal, ids }, null, 2) + '\n')
      return 0
    }
    const lines = [
      `${proposal.record} back to entry #${proposal.to}: undoes ${proposal.undoes.map((e) => `#${e.seq} ${e.type} by ${who.get(e.person) ?? e.person}`).join(', ')}`,
      ...proposal.changes.flatMap((c) => [`  ${c.record}`, ...c.lines.map((l) => `    ${l}`)]),
      `  as ${proposal.drafts.map((d) => d.type).join(', ')}`,
      ids.length > 0
        ? `appended ${ids.length} operation(s): ${ids.join(', ')}`
        : 'not appended: the fold would accept it now; --apply appends it',
    ]
    process.stdout.write(lines.join('\n') + '\n')
    return 0
  })
}

export function formatHistory(result: ResultOf<'history.get'>, nodes: WriterRecord[], people: readonly PersonRecord[] = []): string {
  const names = new Map(nodes.map((n) => [n.key, n.name]))
  const who = new Map(people.map((p) => [p.id, p.name]))
  if (result.entries.length === 0) return `${result.record}: no history\n`
  const rows = result.entries.map((e) => historyLine(e, names, who))
  const more = result.more ? [`  ... older: --before ${result.entries.at(-1)!.seq}`] : []
  return [`${result.record}, newest first:`, ...rows, ...more].join('\n') + '\n'
}

/**
 * One entry as a line: where it stands in the fold, when, what, who (by name: an admin reading a
 * record's history asks "who", not "which staff id"), on which node, whether it stood.
 */
export function historyLine(e: HistoryEntry, names: Map<string, string>, people: Map<string, string> = new Map()): string {
  const when = new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)
  const node = names.get(e.node) ?? e.node.slice(0, 8)
  const stood = e.status === 'applied' ? (e.changed ? 'stood' : 'stood (named it)') : `REJECTED: ${e.reason ?? ''}`
  const fields = (e.fields ?? []).map((f) => `; ${f.field} ${JSON.stringify(f.value)} ${f.outcome}`).join('')
  return `  #${String(e.seq).padEnd(7)} ${when}  ${e.type.padEnd(24)} ${(people.get(e.person) ?? e.person).padEnd(14)} on ${node.padEnd(10)} ${stood}${fields}`
}

function whole(what: string, text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new OutpostError('E_USAGE', `${what} is a whole number, not ${JSON.stringify(text)}`)
  return Number(text)
}
