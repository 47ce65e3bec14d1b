import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import { HexKey, type NumberStyle } from '../protocol/index.js'
import type { ResolvedConfig } from './config.js'
import type { Logger } from './logger.js'
import { OutpostNode } from './node.js'
import { foundSite } from './site.js'

/**
 * `<data dir>/site.json` (owner-only): which site this node belongs to, and the site's key for
 * encryption at rest (Hypercore block encryption of every log and the view), which pairing hands
 * to new nodes. Sites founded before encryption have none and stay readable.
 */
const SiteFile = z.object({ site: HexKey, founded: z.boolean(), encryptionKey: HexKey.optional() })
export type SiteFile = z.infer<typeof SiteFile>

export interface OpenedNode {
  node: OutpostNode
  /** Set only when this call founded a new site: the first admin's one-time secret. */
  adminSecret: string | null
}

/**
 * Open the node of a data dir, founding a new site when the dir is new. The site key is written
 * to site.json before genesis and marked founded after it, so a crash in between founds the
 * same site again on the next start instead of making a second one.
 */
export async function openNode(
  config: ResolvedConfig,
  logger: Logger,
  opts: { adminSecret?: string; siteName?: string; numberStyle?: NumberStyle | null } = {},
): Promise<OpenedNode> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  const known = await readSiteFile(config.siteFile)
  const encryptionKey = known === null ? randomBytes(32).toString('hex') : (known.encryptionKey ?? null)
  const node = new OutpostNode({
    storageDir: config.storageDir,
    site: known === null ? null : Buffer.from(known.site, 'hex'),
    encryptionKey: encryptionKey === null ? null : Buffer.from(encryptionKey, 'hex'),
    syncWrites: config.syncWrites,
    logger,
  })
  await node.open()
  if (known?.founded === true) return { node, adminSecret: null }
  const key = encryptionKey === null ? {} : { encryptionKey }
  try {
    await writeSiteFile(config.siteFile, { site: node.siteKey, founded: false, ...key })
    const adminSecret = await foundSite(node, {
      name: opts.siteName ?? config.siteName,
      numberStyle: opts.numberStyle !== undefined ? opts.numberStyle : config.numberStyle,
      ...(config.nodeName !== undefined ? { nodeName: config.nodeName } : {}),
      ...(opts.adminSecret !== undefined ? { adminSecret: opts.adminSecret } : {}),
    })
    await writeSiteFile(config.siteFile, { site: node.siteKey, founded: true, ...key })
    return { node, adminSecret }
  } catch (err) {
    await node.close()
    throw err
  }
}

export async function readSiteFile(path: string): Promise<z.infer<typeof SiteFile> | null> {
  try {
    return SiteFile.parse(JSON.parse(await readFile(path, 'utf8')))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

export async function writeSiteFile(path: string, value: z.infer<typeof SiteFile>): Promise<void> {
  await writeFile(path + '.tmp', JSON.stringify(value) + '\n', { mode: 0o600 })
  await rename(path + '.tmp', path)
}
