import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { HexKey } from '../../protocol/index.js'
import { writeFileDurably } from '../json-file.js'

const KnownPeer = z.object({
  writerKey: HexKey.nullable(),
  name: z.string(),
  siteNode: z.string().nullable(),
  lastSeen: z.number().nullable(),
})
export const KnownPeersFile = z.record(HexKey, KnownPeer)
export type KnownPeer = z.infer<typeof KnownPeer>

/** The known peers that are writers other than `node`, by network key: whom a restored node waits for. */
export function otherWriters(peers: Iterable<[string, KnownPeer]>, node: string): Map<string, KnownPeer> {
  return new Map([...peers].filter(([, p]) => p.writerKey !== null && p.writerKey !== node))
}

/**
 * The peers this node has met, by network key, with the address of their DHT node: on the next
 * start they are the bootstrap and are dialled directly, so a site with no internet and no
 * configured bootstrap still finds itself again. Kept in `<data dir>/peers.json`.
 */
export class KnownPeers {
  private dirty: NodeJS.Timeout | null = null
  private saving: Promise<void> = Promise.resolve()

  private constructor(
    private readonly path: string,
    readonly peers: Map<string, KnownPeer>,
    private readonly onError: (err: unknown) => void,
  ) {}

  static async load(dataDir: string, onError: (err: unknown) => void): Promise<KnownPeers> {
    const path = join(dataDir, 'peers.json')
    let entries: Record<string, KnownPeer> = {}
    try {
      const parsed = KnownPeersFile.safeParse(JSON.parse(await readFile(path, 'utf8')))
      // a damaged file only costs the shortcut: peers are found again through the DHT
      if (parsed.success) entries = parsed.data
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err
    }
    return new KnownPeers(path, new Map(Object.entries(entries)), onError)
  }

  addresses(): string[] {
    return [...this.peers.values()].flatMap((p) => (p.siteNode === null ? [] : [p.siteNode]))
  }

  remember(swarmKey: string, peer: Partial<KnownPeer>): void {
    const old = this.peers.get(swarmKey) ?? { writerKey: null, name: '', siteNode: null, lastSeen: null }
    this.peers.set(swarmKey, { ...old, ...Object.fromEntries(Object.entries(peer).filter(([, v]) => v !== undefined)) })
    this.dirty ??= setTimeout(() => this.saveInBackground(), 2000)
  }

  forget(swarmKey: string): void {
    if (this.peers.delete(swarmKey)) this.dirty ??= setTimeout(() => this.saveInBackground(), 0)
  }

  private saveInBackground(): void {
    this.save().catch((err: unknown) => this.onError(err))
  }

  /**
   * Saves run one after another: two at once would both write peers.json.tmp and the second
   * rename would fail (seen as a daemon exiting 1 on SIGTERM while a heartbeat's save ran).
   */
  save(): Promise<void> {
    if (this.dirty !== null) clearTimeout(this.dirty)
    this.dirty = null
    const snapshot = JSON.stringify(Object.fromEntries(this.peers), null, 2) + '\n'
    this.saving = this.saving.then(async () => {
      await writeFileDurably(this.path, snapshot)
    })
    return this.saving
  }
}
