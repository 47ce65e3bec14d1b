import { fileURLToPath } from 'node:url'
import { benchAttachments } from './attachments.js'
import { benchBackup } from './backup.js'
import { benchDurability } from './durability.js'
import { benchFlood } from './flood.js'
import { benchFoundation } from './foundation.js'
import { benchIntegration } from './integration.js'
import { benchKitchen } from './kitchen.js'
import { benchKitchenBoard } from './kitchen-board.js'
import { benchHistory } from './history.js'
import { benchHistoryIndex, historyIndexSizes } from './history-index.js'
import { benchMemory, parseMemoryArgs } from './memory.js'
import { benchMesh } from './mesh.js'
import { benchPackage } from './package.js'
import { benchPinGuess } from './pin-guess.js'
import { benchPrinting } from './printing.js'
import { benchRestart } from './restart.js'
import { benchScans } from './scans.js'
import { benchSoak, parseSoakArgs } from './soak.js'
import { benchStock } from './stock.js'

/** `npm run bench`: every benchmark, each printing its table. Figures, not pass/fail tests. */
// BENCH_BIN: the daemons of another build (e.g. main's dist/app/outpost.js, as a before), measured the same way
const bin = process.env.BENCH_BIN ?? fileURLToPath(new URL('../../app/outpost.js', import.meta.url))
const only = process.argv[2]
if (only === undefined || only === 'foundation') await benchFoundation(bin)
if (only === undefined || only === 'durability') await benchDurability(bin)
if (only === undefined || only === 'mesh') await benchMesh(bin)
if (only === undefined || only === 'printing') await benchPrinting(bin)
if (only === undefined || only === 'stock') await benchStock(bin)
if (only === undefined || only === 'flood') await benchFlood(bin)
if (only === undefined || only === 'scans') await benchScans(bin)
if (only === undefined || only === 'integration') await benchIntegration(bin)
if (only === undefined || only === 'restart') await benchRestart(bin, process.argv.slice(3))
if (only === undefined || only === 'pin-guess') await benchPinGuess(bin, Number(process.argv[3] ?? 20))
if (only === undefined || only === 'attachments') await benchAttachments(bin)
// issue #17: a ticket A -> B and the lunch rush (kitchen.ts), then the board's render (kitchen-board.ts)
if (only === undefined || only === 'kitchen') await benchKitchen(bin)
if (only === undefined || only === 'kitchen' || only === 'kitchen-board') await benchKitchenBoard()
// `history`: the socket bench on a site folded op by op, then the index at 10k-300k ops written
// straight into the view (`npm run bench history-index -- --full` for 1,000,000)
if (only === undefined || only === 'history') await benchHistory(bin)
if (only === undefined || only === 'history' || only === 'history-index') await benchHistoryIndex(historyIndexSizes(process.argv.slice(3)))
if (only === undefined || only === 'memory') await benchMemory(bin, parseMemoryArgs(process.argv.slice(3)))
// issue #19: backup and restore of a 100,000-operation node (BENCH_BACKUP_OPS for another size)
if (only === undefined || only === 'backup') await benchBackup(bin)
// not part of a bare `npm run bench`: it builds the single executables (issue #19)
if (only === 'package') await benchPackage(bin)
// not part of a bare `npm run bench`: it runs for half an hour
if (only === 'soak') await benchSoak(bin, parseSoakArgs(process.argv.slice(3)))
