import { randomBytes } from 'node:crypto'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { HexKey, OutpostError } from '../protocol/index.js'
import type { ResolvedConfig } from './config.js'
import type { Logger } from './logger.js'
import { Identity } from './identity.js'
import { keyCheck } from './site-key.js'
import { readJsonFile, writeFileDurably, writeJsonFile } from './json-file.js'

/**
 * `<data dir>/site.json` (owner-only): which site this node belongs to, and the site's key for
 * encryption at rest (Hypercore block encryption of every log and the view), which pairing hands
 * to new nodes; or, when the key lives in a key file, only that key's check. Sites founded
 * before encryption have neither and stay readable.
 */
const SiteFile = z
  .object({
    site: HexKey.optional(),
    founded: z.boolean(),
    encryptionKey: HexKey.optional(),
    keyCheck: HexKey.optional(),
    /** Set on a node restored from a backup as a new writer (daemon/identity.ts). */
    identity: Identity.optional(),
  })
  .strict()
  .refine((f) => f.encryptionKey === undefined || f.keyCheck === undefined, 'a site key and a key check: one or the other')
  .refine((f) => f.site !== undefined || !f.founded, 'a founded site has a key')
export type SiteFile = z.infer<typeof SiteFile>

export async function readSiteFile(path: string): Promise<SiteFile | null> {
  return readJsonFile(path, SiteFile)
}

export async function writeSiteFile(path: string, value: SiteFile): Promise<void> {
  await writeJsonFile(path, value)
}

/**
 * Where the site key lives: site.json by default, or the key file config.json names
 * ("keyFile"), for an operator who keeps it apart from the data dir (another disk, a mount that
 * is only there while the node runs). With a key file, site.json holds only a key check, so a
 * missing or wrong key file is named at start instead of failing deep in the store.
 */

/** A key file is 64 hex characters and a newline; anything much larger is not one. */
const MAX_KEY_FILE_BYTES = 1024

/** The site key in a key file's text: 64 hex characters, surrounding white space allowed. */
export function parseSiteKey(text: string, source: string): Buffer {
  const trimmed = text.trim()
  if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) throw new OutpostError('E_SITE_KEY', `${source} does not hold a site key (64 hex characters)`)
  return Buffer.from(trimmed, 'hex')
}

/** The key in `path`, or null when there is no such file. */
export async function readKeyFile(path: string, logger: Logger): Promise<Buffer | null> {
  let info
  try {
    info = await stat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  // a device or a large file is not a key file: refuse before reading it (/dev/zero never ends)
  if (!info.isFile()) throw new OutpostError('E_SITE_KEY', `${path} is not a file: a site key file holds 64 hex characters`)
  if (info.size > MAX_KEY_FILE_BYTES)
    throw new OutpostError('E_SITE_KEY', `${path} is ${info.size} bytes: a site key file holds 64 hex characters`)
  if ((info.mode & 0o077) !== 0)
    logger.warn({ path, mode: (info.mode & 0o777).toString(8) }, 'the site key file is readable by other accounts')
  return parseSiteKey(await readFile(path, 'utf8'), path)
}

/** Write `key` to a new key file (0600); a file already there must hold the same key. */
export async function writeKeyFile(path: string, key: Buffer, logger: Logger): Promise<void> {
  const there = await readKeyFile(path, logger)
  if (there !== null) {
    if (!there.equals(key))
      throw new OutpostError('E_SITE_KEY', `${path} already holds another site key: move it away or name another keyFile`)
    return
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  // synced with its folder: a key file lost to a power cut would leave the store unreadable
  await writeFileDurably(path, key.toString('hex') + '\n', { exclusive: true })
}

/**
 * The site key of this data dir, before the node opens: a new one for a new site (or the key
 * file's, when the operator made one), else from the key file or site.json. A key still in
 * site.json while a key file is configured moves to the key file.
 */
export async function siteKeyFor(config: ResolvedConfig, known: SiteFile | null, logger: Logger): Promise<Buffer | null> {
  const inFile = config.keyFile === null ? null : await readKeyFile(config.keyFile, logger)
  if (known === null) return inFile ?? randomBytes(32)
  const inSite = known.encryptionKey === undefined ? null : Buffer.from(known.encryptionKey, 'hex')
  if (config.keyFile === null) {
    if (inSite === null && known.keyCheck !== undefined)
      throw new OutpostError('E_SITE_KEY', 'this node\'s site key is in a key file, and config.json names none ("keyFile")')
    return inSite
  }
  if (inFile !== null && inSite !== null && !inFile.equals(inSite))
    throw new OutpostError('E_SITE_KEY', `${config.keyFile} and site.json hold different site keys`)
  const key = inFile ?? inSite
  if (key === null) {
    if (known.keyCheck !== undefined)
      throw new OutpostError('E_SITE_KEY', `the site key file ${config.keyFile} is missing: this node's store cannot be read without it`)
    return null // a site founded before encryption at rest
  }
  if (known.keyCheck !== undefined && known.keyCheck !== keyCheck(key).toString('hex'))
    throw new OutpostError('E_SITE_KEY', `${config.keyFile} holds another site's key`)
  if (inSite !== null) {
    await recordSite(config, { site: known.site, founded: known.founded, key, identity: known.identity }, logger)
    logger.warn({ keyFile: config.keyFile }, 'the site key moved from site.json to the key file')
  }
  return key
}

/** Write site.json, with the key in it, or in the key file and only its check in site.json. */
export async function recordSite(
  config: ResolvedConfig,
  value: { site: string | undefined; founded: boolean; key: Buffer | null; identity?: string | undefined },
  logger: Logger,
): Promise<void> {
  const { founded, key } = value
  const site = {
    ...(value.site === undefined ? {} : { site: value.site }),
    ...(value.identity === undefined ? {} : { identity: value.identity }),
  }
  if (key === null) return writeSiteFile(config.siteFile, { ...site, founded })
  if (config.keyFile === null) return writeSiteFile(config.siteFile, { ...site, founded, encryptionKey: key.toString('hex') })
  await writeKeyFile(config.keyFile, key, logger)
  await writeSiteFile(config.siteFile, { ...site, founded, keyCheck: keyCheck(key).toString('hex') })
}
