import type { ATTACHMENTS_OPERATIONS, AttachmentRecord } from '../../protocol/index.js'
import { attachmentCountKey, attachmentKey, attachmentOfKey, blobKey, entityKeys } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf } from './context.js'

/** A record may carry this many attachments: a handful of photos and forms, not an album. */
export const MAX_ATTACHMENTS_PER_ENTITY = 100

async function entityExists(view: ViewWriter, entity: string): Promise<boolean> {
  for (const key of entityKeys(entity)) if ((await view.get(key)) !== null) return true
  return false
}

/**
 * The log carries where an attachment's bytes are (a node's attachments core) and their hash;
 * the bytes stay on the node that added them until someone opens them elsewhere.
 */
export const attachmentAdd: Handler<'attachments.add'> = async ({ view, op }) => {
  const p = op.payload
  if (!(await entityExists(view, p.entity))) reject(`no record ${p.entity} to attach to`)
  const count = (await view.get<number>(attachmentCountKey(p.entity))) ?? 0
  if (count >= MAX_ATTACHMENTS_PER_ENTITY) reject(`${p.entity} has ${MAX_ATTACHMENTS_PER_ENTITY} attachments already`)
  const record: AttachmentRecord = { id: op.id, ...p, person: op.person, node: op.node, at: op.hlc.t }
  await view.put(attachmentKey(op.id), record)
  await view.put(attachmentOfKey(p.entity, count), op.id)
  await view.put(attachmentCountKey(p.entity), count + 1)
  // content-addressed: the first place these bytes were stored is where later copies point
  if ((await view.get(blobKey(p.hash))) === null) await view.put(blobKey(p.hash), p.blob)
}

export const ATTACHMENTS_HANDLERS: HandlersOf<typeof ATTACHMENTS_OPERATIONS> = {
  'attachments.add': attachmentAdd,
}
