import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { OutpostError, type NumberStyle } from '../protocol/index.js'
import { newWriterPath } from './backup/new-writer.js'
import type { ResolvedConfig } from './config.js'
import { prepareDataDir } from './data-dir.js'
import { joiningPath } from './net/joining-file.js'
import type { Logger } from './logger.js'
import { OutpostNode } from './node.js'
import { readSiteFile, recordSite, siteKeyFor } from './site-file.js'
import { foundSite } from './site.js'

export interface OpenedNode {
  node: OutpostNode
  /** Set only when this call founded a new site: the first admin's one-time secret. */
  adminSecret: string | null
}

/**
 * Open the node of a data dir, founding a new site when the dir is new. A new site's key is
 * written to site.json (or the key file) before the store first opens (the store keeps only a
 * check of it, so a key lost there would lock the store), its site key once the store has made
 * it, and `founded` after genesis: a crash at any point founds the same site on the next start.
 */
export async function openNode(
  config: ResolvedConfig,
  logger: Logger,
  opts: { adminSecret?: string; siteName?: string; numberStyle?: NumberStyle | null } = {},
): Promise<OpenedNode> {
  // Made, and made owner-only: a walk of every entry (~1,650 at 1,000,000 rolls, 15-18 ms, in
  // synchronous calls); RocksDB's own open, begun by the daemon's pre-open (store-preopen.ts),
  // goes on in its threads meanwhile.
  await prepareDataDir(config.dataDir, logger)
  const known = await readSiteFile(config.siteFile)
  // without site.json it would found a new site on the old node's store
  if (known === null && existsSync(newWriterPath(config.dataDir)))
    throw new OutpostError(
      'E_USAGE',
      `${config.dataDir} was restored as a new writer and has not joined yet: \`outpost --data-dir ${config.dataDir} pair join CODE\` first`,
    )
  if (known === null && existsSync(joiningPath(config.dataDir)))
    throw new OutpostError(
      'E_USAGE',
      `${config.dataDir} started joining a site and the join did not finish: run \`outpost --data-dir ${config.dataDir} pair join CODE\` again with a new code (or delete ${joiningPath(config.dataDir)} to found a new site here)`,
    )
  const encryptionKey = await siteKeyFor(config, known, logger)
  if (known === null) await recordSite(config, { site: undefined, founded: false, key: encryptionKey }, logger)
  const site = known?.site
  const node = new OutpostNode({
    storageDir: config.storageDir,
    site: site === undefined ? null : Buffer.from(site, 'hex'),
    encryptionKey,
    syncWrites: config.syncWrites,
    removalFile: join(config.dataDir, 'removed.json'),
    reserveBytes: config.reserveBytes,
    source: config.source,
    identity: known?.identity ?? null,
    logger,
  })
  try {
    await node.open()
  } catch (err) {
    await node.close().catch((closing: unknown) => logger.debug({ err: closing }, 'closing a node that failed to open'))
    throw err
  }
  if (known?.founded === true) return { node, adminSecret: null }
  try {
    await recordSite(config, { site: node.siteKey, founded: false, key: encryptionKey }, logger)
    const adminSecret = await foundSite(node, {
      name: opts.siteName ?? config.siteName,
      numberStyle: opts.numberStyle !== undefined ? opts.numberStyle : config.numberStyle,
      ...(config.nodeName !== undefined ? { nodeName: config.nodeName } : {}),
      ...(opts.adminSecret !== undefined ? { adminSecret: opts.adminSecret } : {}),
    })
    await recordSite(config, { site: node.siteKey, founded: true, key: encryptionKey }, logger)
    return { node, adminSecret }
  } catch (err) {
    await node.close()
    throw err
  }
}
