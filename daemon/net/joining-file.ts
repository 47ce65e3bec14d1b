import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeJsonFile } from '../json-file.js'

/**
 * joining.json: a data dir whose `pair join` started and has not finished. Seen (issue #17): a
 * join stopped while it waited left a data dir without site.json, and the next `outpost daemon`
 * there founded a new site of its own, beside the site it was meant to join (which may have
 * accepted it meanwhile). While this file is there the daemon founds nothing: the join is run
 * again (the same keys, so a site that accepted it already takes it back), or the file removed.
 */
export const joiningPath = (dataDir: string) => join(dataDir, 'joining.json')

export async function markJoining(dataDir: string, writerKey: string): Promise<void> {
  await writeJsonFile(joiningPath(dataDir), { writerKey, startedAt: new Date().toISOString() })
}

export async function clearJoining(dataDir: string): Promise<void> {
  await rm(joiningPath(dataDir), { force: true })
}
