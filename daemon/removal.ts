import { Removal, type WriterRecord } from '../protocol/index.js'
import { readJsonFile, writeJsonFile } from './json-file.js'
import type { Readers } from './view/readers.js'

/** A writer the site removed: its removal, and how many of its blocks this node's view folded. */
export interface RemovedWriter {
  key: string
  removal: Removal
  /** Blocks of its log this view folded: more than `removal.accepted` only on the removed node itself. */
  foldedHere: number
}

/**
 * The removed writers this node knows of. From the view: every writer the fold marked removed
 * (accepted = what the fold had folded of it, for nothing of a removed writer is folded after
 * its removal). And this node itself, when a peer told it it was removed (`local`) before its
 * own view learned it: a removed node is refused by the site, so it may never learn it otherwise.
 */
export async function removedWriters(
  read: Readers,
  self: string,
  local: Removal | null,
  writers?: WriterRecord[],
): Promise<RemovedWriter[]> {
  const out: RemovedWriter[] = []
  for (const w of writers ?? (await read.mesh.writers())) {
    if (!w.removed) continue
    const folded = await read.system.foldedBlocks(w.key)
    // a view folded before removals recorded who and when has neither: say so plainly
    out.push({ key: w.key, removal: { by: w.removedBy ?? 'a manager', at: w.removedAt ?? 0, accepted: folded }, foldedHere: folded })
  }
  if (local !== null && !out.some((r) => r.key === self)) {
    out.push({ key: self, removal: local, foldedHere: await read.system.foldedBlocks(self) })
  }
  return out
}

/**
 * `<data dir>/removed.json`: this node was told by a peer of the site that it was removed. Kept
 * apart from the view: the view is the site's, and the site no longer shares it with this node.
 */
export async function readRemovalFile(path: string): Promise<Removal | null> {
  // damaged: the start stops with one line (E_USAGE), rather than let a removed node write again
  return readJsonFile(path, Removal)
}

export async function writeRemovalFile(path: string, removal: Removal): Promise<void> {
  await writeJsonFile(path, removal)
}
