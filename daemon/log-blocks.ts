import Autobase from 'autobase'
import type Hypercore from 'hypercore'
import type { OutpostNode } from './node.js'

/**
 * Reads blocks straight from writers' signed logs (not from the view), decrypted with the site
 * key the way Autobase derives each writer's block key. Opens each writer's core once; `close`
 * closes them.
 */
export class LogReader {
  private readonly cores = new Map<string, Hypercore>()

  constructor(private readonly node: OutpostNode) {}

  async core(writer: string): Promise<Hypercore> {
    let core = this.cores.get(writer)
    if (core === undefined) {
      core = this.node.store.get({ key: Buffer.from(writer, 'hex') })
      await core.ready()
      this.cores.set(writer, core)
    }
    return core
  }

  /** The operations of one block (an Autobase ack carries none); null if this node does not hold it. */
  async operations(writer: string, block: number): Promise<unknown[] | null> {
    const core = await this.core(writer)
    if (block >= core.length) return null
    const raw = (await core.get(block, { wait: false })) as Buffer | null // never waits on a peer
    if (raw === null) return null
    const decrypt =
      this.node.encryptionKey === null
        ? {}
        : { autobase: this.node.base.key, encryptionKey: this.node.encryptionKey, key: core.key, manifest: core.manifest, index: block }
    let value: { block?: number; ops?: unknown[] } | null
    try {
      value = JSON.parse(Buffer.from(await Autobase.decodeValue(raw, decrypt)).toString('utf8')) as typeof value
    } catch (err) {
      // a signed block that is not JSON (a hostile or broken writer): one unreadable operation
      return [{ unreadable: err instanceof Error ? err.message : String(err) }]
    }
    if (value === null) return []
    if (typeof value === 'object' && Array.isArray(value.ops)) return value.ops
    return [value] // not a block at all: the fold takes it as one (malformed) operation
  }

  async close(): Promise<void> {
    for (const core of this.cores.values()) await core.close()
    this.cores.clear()
  }
}
