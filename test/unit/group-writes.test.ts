import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

/**
 * A log block is folded in one Autobase update whatever its size, and an update holds all its
 * writes in memory: a node joining a site of blocks of 20 receives (~80,000 view writes each)
 * ran at up to 360 MB. So a group of several operations may make at most about one update's budget
 * of view writes (6,144 under the memory bound), refused before anything is appended.
 */

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient

beforeEach(async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('catalog.upsert', {
    products: [{ sku: 'P1', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }],
    locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }],
  })
})
afterEach(async () => {
  client.close()
  await daemon.stop()
})

const receive = (lot: string, first: number, count: number) => ({
  type: 'stock.receive',
  payload: {
    sku: 'P1',
    lot,
    location: 'A-01',
    supplier: null,
    rolls: Array.from({ length: count }, (_, i) => ({ code: `RG-${String(first + i).padStart(6, '0')}`, milli: 50_000 })),
  },
})

describe('a group of operations is refused when it would make more view writes than one update holds', () => {
  it('two receives of 500 rolls in one group: refused in one line, nothing appended, nothing received', async () => {
    const before = daemon.node.base.local.length
    const err = (await client.call('ops.submit', { ops: [receive('L1', 0, 500), receive('L2', 500, 500)] }).catch((e: unknown) => e)) as {
      code?: string
      message?: string
    }
    expect(err.code).toBe('E_INVALID_PARAMS')
    expect(err.message).toMatch(
      /^these 2 operations make [\d,]+ view writes as one group, over the 6,144 a group may make .*send them in smaller groups$/,
    )
    expect(err.message).not.toContain('\n')
    expect(daemon.node.base.local.length).toBe(before)
    expect((await client.call('scan.resolve', { code: 'RG-000000' })).kind).not.toBe('roll')
    // the same two as groups of one each: both land
    await client.call('ops.submit', { ops: [receive('L1', 0, 500)] })
    await client.call('ops.submit', { ops: [receive('L2', 500, 500)] })
    expect((await client.call('scan.resolve', { code: 'RG-000999' })).kind).toBe('roll')
  })

  it('many small operations in one group are not affected: 400 notes land as one block', async () => {
    const before = daemon.node.base.local.length
    const ops = Array.from({ length: 400 }, (_, i) => ({ type: 'notes.post', payload: { text: `note ${i}` } }))
    const { ids } = await client.call('ops.submit', { ops })
    expect(ids).toHaveLength(400)
    expect(daemon.node.base.local.length).toBe(before + 1)
  })
})
