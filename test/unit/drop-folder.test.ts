import { existsSync, readFileSync } from 'node:fs'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as pause } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DropFolder } from '../../daemon/catalog/drop-folder.js'
import { createLogger } from '../../daemon/logger.js'
import type { OutpostNode } from '../../daemon/node.js'
import { eventually } from '../helpers/eventually.js'
import { InProcessSite } from '../helpers/in-process-site.js'

/**
 * The drop folder takes a file only once its size and time stayed the same for one poll
 * (daemon/catalog/drop-folder.ts): an ERP writes its export over seconds, and a file taken
 * half-written lands half its rows and loses the rest. Before this file, taking a file on first
 * sight left every import test green (issue #16): they all wrote their files in one go.
 *
 * The writer here is this process, on the same event loop as the folder's poll: a stall of the
 * machine stalls both, so the file keeps growing between two polls however loaded CI is.
 */

const POLL_MS = 200
const ROWS = 30
/** Several polls pass while the file grows: 30 rows, 40 ms apart, is about 6 polls. */
const ROW_GAP_MS = 40

let site: InProcessSite
let node: OutpostNode
let dir: string
let folder: DropFolder

beforeEach(async () => {
  site = await InProcessSite.create(1)
  node = site.nodes[0]!
  dir = await mkdtemp(join(tmpdir(), 'op-drop-'))
  folder = new DropFolder(node, { path: dir, person: 'admin', pollMs: POLL_MS, encoding: 'utf-8' }, createLogger('silent'))
  await folder.open()
})
afterEach(async () => {
  await folder.close()
  await site.close()
  await rm(dir, { recursive: true, force: true })
})

const known = async (sku: string) => (await node.read.catalog.product(sku)) !== null

describe('the drop folder and a file still being written', () => {
  it('leaves a growing file alone, and takes it whole once it stops growing', async () => {
    const file = join(dir, 'products-slow.csv')
    await writeFile(file, 'sku,name,unit\n')
    const started = Date.now()
    for (let i = 1; i <= ROWS; i++) {
      await pause(ROW_GAP_MS)
      expect(existsSync(file), `the file is still in the drop folder after ${Date.now() - started} ms, row ${i}`).toBe(true)
      await appendFile(file, `SLOW-${i},Slow row ${i},m\n`)
    }
    // evidence the folder looked while the file grew: polls fell inside the writing
    expect(Date.now() - started, 'the writing spanned more than two polls').toBeGreaterThan(2 * POLL_MS)
    const report = join(dir, 'done', 'products-slow.csv.report.txt')
    await eventually(() => existsSync(report), 'the file to be taken once it stopped growing', { timeoutMs: 15_000 })
    expect(readFileSync(report, 'utf8')).toBe(`products-slow.csv: ${ROWS} added, 0 updated, 0 refused\n`)
    expect(existsSync(file), 'nothing was left behind (no second, partial take)').toBe(false)
    expect(existsSync(join(dir, 'failed', 'products-slow.csv.report.txt'))).toBe(false)
    await expect(Promise.all([known('SLOW-1'), known(`SLOW-${ROWS}`)])).resolves.toEqual([true, true])
  })

  it('takes a file written at once on a later poll, so the wait above is the rule at work', async () => {
    await writeFile(join(dir, 'products-fast.csv'), 'sku,name,unit\nFAST-1,Fast row,m\n')
    const report = join(dir, 'done', 'products-fast.csv.report.txt')
    await eventually(() => existsSync(report), 'a finished file to be taken', { timeoutMs: 15_000 })
    expect(readFileSync(report, 'utf8')).toBe('products-fast.csv: 1 added, 0 updated, 0 refused\n')
    expect(await known('FAST-1')).toBe(true)
  })
})
