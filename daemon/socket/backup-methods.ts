import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { BACKUP_METHODS } from '../../protocol/index.js'
import type { ImplementationsOf } from './context.js'

export const BACKUP_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof BACKUP_METHODS> = {
  'backup.begin': async (_p, { node }) => node.backups.begin(await knownPeers(join(dirname(node.openedDir), 'peers.json'))),
  'backup.read': ({ id, after }, { node }) => node.backups.read(id, after),
  'backup.end': async ({ id }, { node }) => {
    await node.backups.end(id)
    return {}
  },
}

/** peers.json as it is (the restored node dials them first); none yet: null. */
async function knownPeers(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}
