import type Hyperbee from 'hyperbee'
import type { WriterRecord } from '../../protocol/index.js'
import { WRITER_RANGE, writerKey } from './keys.js'
import { getValue } from './read.js'

export interface WriterState {
  key: string
  name: string
  swarmKey: string
  removed: boolean
  addedBy: string
  removedBy?: string
  removedAt?: number
}

/** The site's nodes (writers), as the fold keeps them. */
export class MeshReader {
  constructor(private readonly bee: Hyperbee) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
  }

  async writers(): Promise<WriterRecord[]> {
    const out: WriterRecord[] = []
    for await (const { value } of this.bee.createReadStream(WRITER_RANGE)) out.push(value as WriterState)
    return out
  }

  writer(key: string): Promise<WriterRecord | null> {
    return this.value<WriterState>(writerKey(key))
  }
}
