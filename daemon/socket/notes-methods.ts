import type { NOTES_METHODS } from '../../protocol/index.js'
import type { ImplementationsOf } from './context.js'
import { submit } from './submit.js'

export const NOTES_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof NOTES_METHODS> = {
  'notes.post': (params, ctx) => submit(ctx, [{ type: 'notes.post', payload: params }]),
  'notes.archive': (params, ctx) => submit(ctx, [{ type: 'notes.archive', payload: params }]),
  'notes.list': (params, { node }) => node.read.notes.notes(params),
}
