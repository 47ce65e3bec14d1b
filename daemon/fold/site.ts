import type { SITE_OPERATIONS } from '../../protocol/index.js'
import { SITE_KEY, writerKey } from '../view/keys.js'
import { reject, type Handler, type HandlersOf, type SiteState, type WriterState } from './context.js'

export const siteCreate: Handler<'site.create'> = async ({ view, op }) => {
  if (view.seq !== 0 || op.person !== '@system') reject('a site is created only by its first operation')
  const site: SiteState = { name: op.payload.name, founder: op.node, genesisDone: false }
  // a v1 site.create has no style: one that names one anyway is read as a v1 build reads it
  // (the key is left out, not null, so a v1 log folds to the same bytes as before)
  if (op.v >= 2 && op.payload.numberStyle !== undefined) site.numberStyle = op.payload.numberStyle
  const founder: WriterState = {
    key: op.node,
    name: op.payload.nodeName,
    swarmKey: op.payload.swarmKey,
    removed: false,
    addedBy: '@system',
  }
  await view.put(SITE_KEY, site)
  await view.put(writerKey(op.node), founder)
}

export const siteSetNumberStyle: Handler<'site.setNumberStyle'> = async ({ view, op }) => {
  const site = await view.get<SiteState>(SITE_KEY)
  if (site === null) reject('there is no site yet')
  await view.put(SITE_KEY, { ...site, numberStyle: op.payload.style })
}

export const SITE_HANDLERS: HandlersOf<typeof SITE_OPERATIONS> = {
  'site.create': siteCreate,
  'site.setNumberStyle': siteSetNumberStyle,
}
