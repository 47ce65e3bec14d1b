import type Hyperbee from 'hyperbee'
import type { ConflictRecord } from '../../protocol/index.js'
import { CONFLICT_RANGE, conflictKey } from './keys.js'
import { getValue } from './read.js'

/** Conflicts in fold order. */
export class ConflictsReader {
  constructor(private readonly bee: Hyperbee) {}

  conflict(id: string): Promise<ConflictRecord | null> {
    return getValue<ConflictRecord>(this.bee, conflictKey(id))
  }

  /** Conflicts in fold order; open ones only unless asked. */
  async conflicts(open: boolean, limit: number): Promise<ConflictRecord[]> {
    const out: ConflictRecord[] = []
    for await (const { value } of this.bee.createReadStream(CONFLICT_RANGE)) {
      const conflict = value as ConflictRecord
      if (!open || conflict.resolution === null) out.push(conflict)
      if (out.length >= limit) break
    }
    return out
  }
}
