import { resolve } from 'node:path'
import type { AttachmentRecord, PersonRecord } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

/**
 * `outpost attach ENTITY FILE`, `outpost attachments list ENTITY`, `outpost attachments open ID OUT`.
 * The daemon reads and writes the files itself (the socket is owner-only, so it is the same user):
 * a photo is larger than a socket frame, and this way it never passes through one.
 */
export async function attachCommand(
  globals: GlobalOptions,
  entity: string,
  file: string,
  opts: { as?: string; name?: string; json?: boolean },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const added = await client.call('attachments.add', {
      entity,
      path: resolve(file),
      ...(opts.name === undefined ? {} : { name: opts.name }),
    })
    process.stdout.write(
      opts.json === true
        ? JSON.stringify(added) + '\n'
        : `attached ${file} to ${entity}: ${added.id} (${added.size} bytes, sha-256 ${added.hash.slice(0, 12)}…)\n`,
    )
    return 0
  })
}

export async function attachmentsListCommand(
  globals: GlobalOptions,
  entity: string,
  opts: { as?: string; json?: boolean },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const listed = await client.call('attachments.list', { entity })
    const people = opts.json === true ? [] : await client.call('people.list')
    process.stdout.write(opts.json === true ? JSON.stringify(listed, null, 2) + '\n' : formatAttachments(entity, listed, people))
    return 0
  })
}

export async function attachmentsOpenCommand(
  globals: GlobalOptions,
  id: string,
  out: string,
  opts: { as?: string; timeout?: string },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const timeoutMs = opts.timeout === undefined ? undefined : Math.round(Number(opts.timeout) * 1000)
    const opened = await client.call('attachments.open', { id, path: resolve(out), ...(timeoutMs === undefined ? {} : { timeoutMs }) })
    process.stdout.write(`${opened.path}: ${opened.size} bytes${opened.fetched ? ', fetched from a peer' : ''}\n`)
    return 0
  })
}

/** One attachment a line; who attached it by name (their staff id where the site has no such person). */
export function formatAttachments(
  entity: string,
  listed: Array<AttachmentRecord & { here: boolean }>,
  people: readonly PersonRecord[] = [],
): string {
  if (listed.length === 0) return `${entity} has no attachments\n`
  const who = new Map(people.map((p) => [p.id, p.name]))
  return (
    listed
      .map(
        (a) =>
          `${a.id}  ${a.name.padEnd(24)} ${String(a.size).padStart(9)} bytes  by ${who.get(a.person) ?? a.person}  ${a.here ? 'here' : 'on a peer'}`,
      )
      .join('\n') + '\n'
  )
}
