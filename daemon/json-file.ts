import { constants } from 'node:fs'
import { open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseJsonAs } from '../protocol/index.js'

type Schema<T> = Parameters<typeof parseJsonAs<T>>[1]

/**
 * A small state file of the data dir (site.json, removed.json, sign-in-guard.json): null when
 * there is none, the value when it reads against its schema, and E_USAGE naming the file when it
 * does not.
 */
export async function readJsonFile<T>(path: string, schema: Schema<T>): Promise<T | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  return parseJsonAs(text, schema, path)
}

/**
 * Replace a state file so that a crash or a power cut leaves the old one or the new one, never
 * half of either: owner-only, written beside it and synced, renamed over it, and the folder
 * synced so the rename itself survives.
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFileDurably(path, JSON.stringify(value) + '\n')
}

/**
 * Any small file of the data dir, the same way. `exclusive`: a new file that must not replace one
 * (the site key file), written in place and synced with its folder. Without the sync a power cut
 * soon after leaves an empty file under the name (seen in the power-cut test for store/CORESTORE,
 * which hypercore-storage writes that way).
 */
export async function writeFileDurably(path: string, text: string, opts: { exclusive?: boolean } = {}): Promise<void> {
  const exclusive = opts.exclusive === true
  const tmp = exclusive ? path : path + '.tmp'
  const file = await open(tmp, exclusive ? 'wx' : 'w', 0o600)
  try {
    await file.writeFile(text)
    await file.sync()
  } finally {
    await file.close()
  }
  if (!exclusive) await rename(tmp, path)
  await syncPath(dirname(path), { folder: true })
}

/** fsync a file, or a folder (its entries: a new or renamed file's name survives a power cut). */
export async function syncPath(path: string, opts: { folder?: boolean } = {}): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | (opts.folder === true ? constants.O_DIRECTORY : 0))
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
