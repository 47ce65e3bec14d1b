import { mkdir, open, writeFile } from 'node:fs/promises'
import { basename, isAbsolute, join } from 'node:path'
import { MAX_ATTACHMENT_BYTES, OutpostError, type ATTACHMENTS_METHODS } from '../../protocol/index.js'
import { sha256 } from '../attachments-store.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'

function absolute(path: string, what: string): string {
  if (!isAbsolute(path))
    throw new OutpostError('E_INVALID_PARAMS', `${what} must be an absolute path (the daemon reads it, not the caller)`)
  return path
}

/**
 * The file's bytes, refused when it is missing, not a plain file, or over the limit. The size is
 * checked on the open file before reading, and the read stops at the limit: a file that grows
 * while it is read is refused too, never read whole into memory.
 */
async function readAttachment(path: string): Promise<Buffer> {
  let file
  try {
    file = await open(absolute(path, 'the file'), 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new OutpostError('E_NOT_FOUND', `no file at ${path}`)
    if (code === 'EACCES') throw new OutpostError('E_FORBIDDEN', `the daemon may not read ${path}`)
    throw err
  }
  try {
    const stat = await file.stat()
    if (!stat.isFile()) throw new OutpostError('E_INVALID_PARAMS', `${path} is not a plain file`)
    const tooLarge = () =>
      new OutpostError(
        'E_INVALID_PARAMS',
        `${basename(path)} is ${stat.size} bytes: an attachment is at most ${MAX_ATTACHMENT_BYTES} bytes (${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB)`,
      )
    if (stat.size > MAX_ATTACHMENT_BYTES) throw tooLarge()
    const buffer = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1)
    let length = 0
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > MAX_ATTACHMENT_BYTES) throw tooLarge()
    }
    return buffer.subarray(0, length)
  } finally {
    await file.close()
  }
}

async function knownEntity(ctx: MethodContext, entity: string): Promise<void> {
  if (!(await ctx.node.read.attachments.exists(entity)))
    throw new OutpostError(
      'E_NOT_FOUND',
      `${entity} is not a record of this site (a device, repair, roll, product, location, order or count)`,
    )
}

export const ATTACHMENTS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof ATTACHMENTS_METHODS> = {
  'attachments.add': async (params, ctx) => {
    await knownEntity(ctx, params.entity)
    const bytes = await readAttachment(params.path)
    const hash = sha256(bytes)
    // content-addressed: bytes the site holds already are not stored again
    const blob = (await ctx.node.read.attachments.blob(hash)) ?? (await ctx.node.attachments.put(bytes))
    const name = params.name ?? basename(params.path)
    const draft = { type: 'attachments.add', payload: { entity: params.entity, name, hash, size: bytes.length, blob } }
    const { ids } = await submit(ctx, [draft])
    return { ids, id: ids[0]!, hash, size: bytes.length }
  },
  'attachments.list': async ({ entity }, ctx) => {
    await knownEntity(ctx, entity)
    const out = []
    for (const record of await ctx.node.read.attachments.of(entity))
      out.push({ ...record, here: await ctx.node.attachments.has(record.blob) })
    return out
  },
  'attachments.open': async (params, ctx) => {
    const record = await ctx.node.read.attachments.attachment(params.id)
    if (record === null) throw new OutpostError('E_NOT_FOUND', `no attachment ${params.id}`)
    // no path (the TUI): beside the node's data, where a service may write, named so two never meet
    const path =
      params.path === undefined
        ? join(ctx.node.openedDir, `${record.id.slice(0, 8)}-${record.name}`)
        : absolute(params.path, 'where to write it')
    const { bytes, fetched } = await ctx.node.attachments.get(record.blob, record.hash, params.timeoutMs)
    if (params.path === undefined) await mkdir(ctx.node.openedDir, { recursive: true, mode: 0o700 })
    await writeFile(path, bytes, { mode: 0o600 })
    return { path, size: bytes.length, hash: record.hash, fetched }
  },
}
