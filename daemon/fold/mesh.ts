import { writerKey } from '../view/keys.js'
import type { MESH_OPERATIONS } from '../../protocol/index.js'
import { reject, type Handler, type HandlersOf, type WriterState } from './context.js'

export const writerAdd: Handler<'mesh.addNode'> = async ({ view, op, host }) => {
  const existing = await view.get<WriterState>(writerKey(op.payload.key))
  if (existing?.removed === true) reject('a removed node cannot rejoin: pair it again as a new node')
  if (existing !== null) reject('that node is a writer already')
  const writer: WriterState = { ...op.payload, removed: false, addedBy: op.person }
  await host.addWriter(op.payload.key)
  await view.put(writerKey(op.payload.key), writer)
}

export const writerRemove: Handler<'mesh.removeNode'> = async ({ view, op, host }) => {
  const existing = await view.get<WriterState>(writerKey(op.payload.key))
  if (existing === null) reject('that node is not a writer of this site')
  if (existing.removed) reject('that node was removed already')
  if (!host.removeable(op.payload.key)) reject('the last indexer of the site cannot be removed')
  await host.removeWriter(op.payload.key)
  // who and when: the removed node is told, and its later, never accepted work is listed with it
  await view.put(writerKey(op.payload.key), { ...existing, removed: true, removedBy: op.person, removedAt: op.hlc.t })
}

export const MESH_HANDLERS: HandlersOf<typeof MESH_OPERATIONS> = {
  'mesh.addNode': writerAdd,
  'mesh.removeNode': writerRemove,
}
