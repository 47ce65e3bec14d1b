import { resolveConfig } from '../../daemon/config.js'
import { createLogger } from '../../daemon/logger.js'
import { openNode } from '../../daemon/open-node.js'
import { ViewWriter } from '../../daemon/view/view-writer.js'

/**
 * Where a slow start goes: open a data dir as the daemon does (openNode, no network, no socket),
 * then let Autobase finish what it defers past ready (its catch-up of the apply state), and print
 * the times, CPU and how many log blocks the fold applied while doing so. A healthy restart folds
 * none: the log and its view are written in one RocksDB batch, so after a kill a block is either
 * in the log with its fold, or not there at all (seen: SIGKILL at 2, 6, 11.5 and 12.1 s into a
 * 10,000-roll append, and 0 to 300 ms after it: 0 blocks folded at the next open, every time).
 *
 *   node [--cpu-prof] dist/scripts/bench/open-probe.js DATA_DIR
 *
 * It opens the dir for real (what the daemon would fold, it folds): probe a copy if in doubt. A
 * copied store must get its store/CORESTORE device file's inode and created time rewritten, or
 * Corestore refuses it ("Invalid device file, was modified").
 */
const dir = process.argv[2]
if (dir === undefined) {
  process.stderr.write('usage: open-probe DATA_DIR\n')
  process.exit(2)
}

let applies = 0
let blocks = 0
// Diagnostic only: counts the fold's work without a hook in the product code
const open = ViewWriter.open.bind(ViewWriter)
ViewWriter.open = async (batch) => {
  applies++
  return open(batch)
}
const proto = ViewWriter.prototype as unknown as { flushDeferred: (this: ViewWriter) => Promise<void> }
const flushDeferred = proto.flushDeferred
proto.flushDeferred = async function (this: ViewWriter) {
  blocks++
  return flushDeferred.call(this)
}

const config = resolveConfig({ dataDir: dir, logLevel: 'warn', network: { enabled: false }, env: {} })
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const { node } = await openNode(config, createLogger('warn'))
const readyMs = performance.now() - t0
const atReady = { applies, blocks }
await node.base.update() // runs the update loop once: the deferred catch-up included
const settledMs = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
const meta = await node.read.system.meta()
const base = node.base
process.stdout.write(
  JSON.stringify({
    readyMs: Math.round(readyMs),
    settledMs: Math.round(settledMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    foldedAtReady: atReady,
    foldedSettled: { applies, blocks },
    viewSeq: meta.seq,
    log: { local: base.local.length, system: base.length, signed: base.signedLength },
    view: { length: base.view.core.length },
  }) + '\n',
)
await node.close()
