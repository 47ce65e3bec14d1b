import { join } from 'node:path'
import { z } from 'zod'
import { readJsonFile, writeJsonFile } from '../json-file.js'

/**
 * dht-port.json: the UDP port this node's site DHT node took, for the port it was configured with.
 * A configured port that is busy (two nodes on one machine) moves the node to another one; its
 * peers then know it there. Seen: two such nodes restarted at once each took the other's port, and
 * each dialled its own address from then on. A node starts on the port it took before, as long as
 * its configured port is the same.
 */
const OwnPort = z.object({ wanted: z.number().int().min(1).max(65535), bound: z.number().int().min(1).max(65535) }).strict()
type OwnPort = z.infer<typeof OwnPort>

const path = (dataDir: string) => join(dataDir, 'dht-port.json')

/** The port to start on: the one taken before for this configured port, else the configured one (0: any). */
export async function portToTake(dataDir: string, configured: number): Promise<{ port: number; before: OwnPort | null }> {
  // a cache: a file that does not read is as none
  const before = await readJsonFile(path(dataDir), OwnPort).catch(() => null)
  return { port: configured !== 0 && before?.wanted === configured ? before.bound : configured, before }
}

/** Remember the port taken for the configured one (not for 0, any port: there is nothing to keep). */
export async function rememberPort(dataDir: string, configured: number, bound: number, before: OwnPort | null): Promise<void> {
  if (configured === 0 || (before?.wanted === configured && before.bound === bound)) return
  await writeJsonFile(path(dataDir), { wanted: configured, bound })
}
