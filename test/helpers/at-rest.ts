import { lstat, readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { openCorestore } from '../../daemon/storage.js'

/** z-base-32, the alphabet Holepunch prints keys in (hypercore-id-encoding). */
function z32(bytes: Buffer): string {
  const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769'
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

/** Every way a key could sit in a file: its bytes, hex (both cases), base64, base64url, z32. */
export function keyForms(key: Buffer): Record<string, Buffer> {
  return {
    raw: key,
    hex: Buffer.from(key.toString('hex')),
    HEX: Buffer.from(key.toString('hex').toUpperCase()),
    base64: Buffer.from(key.toString('base64').replace(/=+$/, '')),
    base64url: Buffer.from(key.toString('base64url')),
    z32: Buffer.from(z32(key)),
  }
}

async function entries(dir: string): Promise<string[]> {
  const all = await readdir(dir, { recursive: true, withFileTypes: true })
  return [dir, ...all.map((e) => join(e.parentPath, e.name))]
}

/** "file: form" for each file under `dir` (but `except`, names relative to dir) holding the key. */
export async function keyHits(dir: string, key: Buffer, except: readonly string[] = []): Promise<string[]> {
  const forms = Object.entries(keyForms(key))
  const hits: string[] = []
  for (const path of await entries(dir)) {
    if (except.includes(relative(dir, path)) || !(await lstat(path)).isFile()) continue
    const bytes = await readFile(path)
    for (const [name, form] of forms) if (bytes.includes(form)) hits.push(`${relative(dir, path)}: ${name}`)
  }
  return hits
}

/** "path mode" for each file or folder under `dir` (itself included) that others may read or enter. */
export async function looseModes(dir: string): Promise<string[]> {
  const loose: string[] = []
  for (const path of await entries(dir)) {
    const stat = await lstat(path)
    if ((stat.isFile() || stat.isDirectory()) && (stat.mode & 0o077) !== 0)
      loose.push(`${relative(dir, path) || '.'} ${(stat.mode & 0o777).toString(8)}`)
  }
  return loose
}

/** How often `marker` stands in the files under `dir`. */
export async function occurrences(dir: string, marker: string): Promise<number> {
  let count = 0
  for (const path of await entries(dir)) {
    if (!(await lstat(path)).isFile()) continue
    const bytes = await readFile(path)
    for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + 1)) count++
  }
  return count
}

/**
 * Make a store look like one written by Outpost before the site key left the store: Autobase
 * 7.28 given `encryptionKey` (and no blindEncryption) stores the key in the clear as user data
 * 'autobase/encryption' of the local core and of the site's first core (lib/boot.js). For a
 * founder the two are one core.
 */
export async function storeKeyTheOldWay(storeDir: string, key: Buffer, site: Buffer | null): Promise<void> {
  const store = openCorestore(storeDir)
  const cores = [store.get({ name: 'local', active: false })]
  if (site !== null) cores.push(store.get({ key: site, active: false }))
  for (const core of cores) {
    await core.ready()
    await core.setUserData('autobase/encryption', key)
    await core.close()
  }
  await store.close()
}
