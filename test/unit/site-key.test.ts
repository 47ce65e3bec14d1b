import { randomBytes } from 'node:crypto'
import { chmodSync, lstatSync, readdirSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveConfig, type ResolvedConfig } from '../../daemon/config.js'
import { prepareDataDir } from '../../daemon/data-dir.js'
import type { Logger } from '../../daemon/logger.js'
import { parseSiteKey, readKeyFile, readSiteFile, recordSite, siteKeyFor } from '../../daemon/site-file.js'
import { KEY_CHECK_TYPE, keyCheck, keyInStoreGuard } from '../../daemon/site-key.js'

let dir: string
let lines: string[]
let logger: Logger
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'op-key-'))
  lines = []
  logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) })
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const KEY = randomBytes(32)
const SITE = randomBytes(32).toString('hex')

function config(keyFile?: string): ResolvedConfig {
  return { ...resolveConfig({ dataDir: dir, env: {} }), keyFile: keyFile === undefined ? null : join(dir, keyFile) }
}

describe('the key Autobase stores in place of the site key', () => {
  it('is a check that does not hold the key, and gives the key back only to the same key', async () => {
    const stored = await keyInStoreGuard(KEY).encrypt(KEY)
    expect(stored.type).toBe(KEY_CHECK_TYPE)
    expect(stored.value.includes(KEY)).toBe(false)
    expect(await keyInStoreGuard(KEY).decrypt(stored)).toEqual({ value: KEY, rotated: false })
  })

  it('refuses another key, another kind of record, and a store that is encrypted while no key is given', async () => {
    const stored = await keyInStoreGuard(KEY).encrypt(KEY)
    const other = randomBytes(32)
    await expect(keyInStoreGuard(other).decrypt(stored)).rejects.toMatchObject({ code: 'E_SITE_KEY' })
    await expect(keyInStoreGuard(KEY).decrypt({ type: 0, value: KEY })).rejects.toMatchObject({ code: 'E_SITE_KEY' })
    await expect(keyInStoreGuard(KEY).decrypt({ type: KEY_CHECK_TYPE, value: Buffer.alloc(0) })).rejects.toMatchObject({
      code: 'E_SITE_KEY',
    })
    await expect(keyInStoreGuard(null).decrypt(stored)).rejects.toThrow(/encrypted, but neither site.json nor a key file/)
    // a store written before: Autobase offers its stored key for re-storing; it must be ours
    await expect(keyInStoreGuard(KEY).encrypt(other)).rejects.toMatchObject({ code: 'E_SITE_KEY' })
    await expect(keyInStoreGuard(null).encrypt(KEY)).rejects.toMatchObject({ code: 'E_SITE_KEY' })
  })
})

describe('site key file', () => {
  it('reads 64 hex characters, with white space around', () => {
    expect(parseSiteKey(`  ${KEY.toString('hex').toUpperCase()}\n`, 'k')).toEqual(KEY)
  })

  it.each([
    ['empty', ''],
    ['63 characters', KEY.toString('hex').slice(1)],
    ['65 characters', KEY.toString('hex') + 'a'],
    ['not hex', 'z'.repeat(64)],
    ['two keys', `${KEY.toString('hex')} ${KEY.toString('hex')}`],
    ['base64', KEY.toString('base64')],
    ['JSON', JSON.stringify({ key: KEY.toString('hex') })],
  ])('refuses %s with one line', (_, text) => {
    expect(() => parseSiteKey(text, '/k')).toThrow('/k does not hold a site key (64 hex characters)')
  })

  it('refuses a folder, a device and a large file before reading them; a missing file is none', async () => {
    expect(await readKeyFile(join(dir, 'none'), logger)).toBeNull()
    await expect(readKeyFile(dir, logger)).rejects.toThrow(/is not a file/)
    await expect(readKeyFile('/dev/zero', logger)).rejects.toThrow(/is not a file/)
    await writeFile(join(dir, 'big'), 'a'.repeat(1_000_000))
    await expect(readKeyFile(join(dir, 'big'), logger)).rejects.toThrow(/is 1000000 bytes/)
  })

  it('warns when others can read the key file', async () => {
    await writeFile(join(dir, 'k'), KEY.toString('hex'), { mode: 0o644 })
    await chmod(join(dir, 'k'), 0o644)
    expect(await readKeyFile(join(dir, 'k'), logger)).toEqual(KEY)
    expect(lines.join('')).toContain('the site key file is readable by other accounts')
  })
})

describe('where the site key lives', () => {
  it('a new site: a new key, or the one an operator put in the key file', async () => {
    expect((await siteKeyFor(config(), null, logger))?.length).toBe(32)
    await writeFile(join(dir, 'site.key'), KEY.toString('hex'))
    expect(await siteKeyFor(config('site.key'), null, logger)).toEqual(KEY)
  })

  it('with a key file: site.json holds a check only; the key in site.json moves out', async () => {
    await recordSite(config(), { site: SITE, founded: true, key: KEY }, logger)
    expect((await readSiteFile(join(dir, 'site.json')))?.encryptionKey).toBe(KEY.toString('hex'))
    const known = await readSiteFile(join(dir, 'site.json'))
    expect(await siteKeyFor(config('keys/site.key'), known, logger)).toEqual(KEY)
    expect(await readSiteFile(join(dir, 'site.json'))).toEqual({ site: SITE, founded: true, keyCheck: keyCheck(KEY).toString('hex') })
    expect((await readFile(join(dir, 'keys/site.key'), 'utf8')).trim()).toBe(KEY.toString('hex'))
    expect((await stat(join(dir, 'keys/site.key'))).mode & 0o777).toBe(0o600)
    expect(lines.join('')).toContain('the site key moved from site.json to the key file')
  })

  it('refuses a missing key file, another key, two different keys, and a key check without a key file', async () => {
    const check = keyCheck(KEY).toString('hex')
    const checked = { site: SITE, founded: true, keyCheck: check }
    await expect(siteKeyFor(config('site.key'), checked, logger)).rejects.toThrow(/site key file .*site.key is missing/)
    await expect(siteKeyFor(config(), checked, logger)).rejects.toThrow(/config.json names none/)
    await writeFile(join(dir, 'site.key'), randomBytes(32).toString('hex'))
    await expect(siteKeyFor(config('site.key'), checked, logger)).rejects.toThrow(/holds another site's key/)
    const inSite = { site: SITE, founded: true, encryptionKey: KEY.toString('hex') }
    await expect(siteKeyFor(config('site.key'), inSite, logger)).rejects.toThrow(/site.key and site.json hold different site keys/)
    await expect(recordSite(config('site.key'), { site: SITE, founded: true, key: KEY }, logger)).rejects.toThrow(
      /already holds another site key/,
    )
  })

  it('a site founded before encryption stays without a key', async () => {
    expect(await siteKeyFor(config(), { site: SITE, founded: true }, logger)).toBeNull()
    expect(await siteKeyFor(config('site.key'), { site: SITE, founded: true }, logger)).toBeNull()
  })

  it('refuses a broken site.json with one line', async () => {
    for (const text of ['{', '[]', JSON.stringify({ site: 'x', founded: true }), JSON.stringify({ founded: true })]) {
      await writeFile(join(dir, 'site.json'), text)
      await expect(readSiteFile(join(dir, 'site.json'))).rejects.toMatchObject({ code: 'E_USAGE' })
    }
    const both = { site: SITE, founded: true, encryptionKey: KEY.toString('hex'), keyCheck: keyCheck(KEY).toString('hex') }
    await writeFile(join(dir, 'site.json'), JSON.stringify(both))
    await expect(readSiteFile(join(dir, 'site.json'))).rejects.toThrow(/one or the other/)
  })

  it('the config names the key file relative to the data dir', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ keyFile: '../keys/site.key' }))
    expect(resolveConfig({ dataDir: dir, env: {} }).keyFile).toBe(join(dir, '..', 'keys', 'site.key'))
    await writeFile(join(dir, 'config.json'), JSON.stringify({ keyFile: '' }))
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(/keyFile/)
  })
})

describe('data dir', () => {
  it('is made owner-only, and an existing one that others can read is tightened, with one log line', async () => {
    const fresh = join(dir, 'fresh', 'outpost')
    expect(await prepareDataDir(fresh, logger)).toBe(0)
    expect((await stat(fresh)).mode & 0o777).toBe(0o700)
    const old = join(dir, 'old')
    await mkdir(join(old, 'store', 'db'), { recursive: true })
    await writeFile(join(old, 'store', 'db', '000004.log'), 'x', { mode: 0o644 })
    await writeFile(join(old, 'site.json'), '{}', { mode: 0o600 })
    await symlink('/etc', join(old, 'elsewhere'))
    for (const d of [old, join(old, 'store'), join(old, 'store', 'db')]) await chmod(d, 0o755)
    await chmod(join(old, 'store', 'db', '000004.log'), 0o644)
    expect(await prepareDataDir(old, logger)).toBe(4)
    for (const p of [old, join(old, 'store'), join(old, 'store', 'db')]) expect((await stat(p)).mode & 0o777).toBe(0o700)
    expect((await stat(join(old, 'store', 'db', '000004.log'))).mode & 0o777).toBe(0o600)
    expect((await stat('/etc')).mode & 0o077).not.toBe(0) // a link is not followed
    expect(lines.filter((l) => l.includes('now owner-only'))).toHaveLength(1)
    expect(await prepareDataDir(old, logger)).toBe(0)
  })

  it('skips what went away under the walk, and fails on any other error of a file it reads', async () => {
    const data = join(dir, 'walked')
    await mkdir(join(data, 'store', 'db'), { recursive: true, mode: 0o700 })
    await writeFile(join(data, 'store', 'db', 'LOG.old.1'), 'x', { mode: 0o600 })
    await writeFile(join(data, 'store', 'db', 'LOG.old.2'), 'x', { mode: 0o644 })
    const enoent = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
    // RocksDB removed an old log between the folder's read and its stat, another between the stat and the chmod
    const gone = await prepareDataDir(data, logger, {
      lstatSync: ((path: string) => {
        if (path.endsWith('LOG.old.1')) throw enoent(path)
        return lstatSync(path)
      }) as typeof lstatSync,
      readdirSync: (path) => readdirSync(path),
      chmodSync: (path, mode) => {
        if (String(path).endsWith('LOG.old.2')) throw enoent(String(path))
        chmodSync(path, mode)
      },
    })
    expect(gone).toBe(0)
    const eio = (path: string) => Object.assign(new Error(`EIO: ${path}`), { code: 'EIO' })
    const failing = (what: 'lstatSync' | 'readdirSync' | 'chmodSync') =>
      prepareDataDir(data, logger, {
        lstatSync: ((path: string) => {
          if (what === 'lstatSync' && path.endsWith('db')) throw eio(path)
          return lstatSync(path)
        }) as typeof lstatSync,
        readdirSync: (path) => {
          if (what === 'readdirSync' && path.endsWith('db')) throw eio(path)
          return readdirSync(path)
        },
        chmodSync: (path, mode) => {
          if (what === 'chmodSync') throw eio(String(path))
          chmodSync(path, mode)
        },
      })
    await expect(failing('lstatSync')).rejects.toThrow(/EIO/)
    await expect(failing('readdirSync')).rejects.toThrow(/EIO/)
    await chmod(join(data, 'store', 'db', 'LOG.old.2'), 0o644)
    await expect(failing('chmodSync')).rejects.toThrow(/EIO/)
  })
})
