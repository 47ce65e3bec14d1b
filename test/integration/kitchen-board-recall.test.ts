import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'

/**
 * tickets.board is asked by every screen on every view.changed: the served tickets a recall may
 * bring back (50 records) come only with `recall`, the open ones always.
 */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient

beforeAll(async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await setUpKitchen(client)
  await client.call('tickets.fire', { id: 'OPEN-1', label: 'table 1', items: [{ item: 1 }] })
  await client.call('tickets.fire', { id: 'DONE-1', label: 'table 2', items: [{ item: 1 }] })
  await client.call('tickets.bump', { ticket: 'DONE-1', station: 'grill' })
  await client.call('tickets.serve', { ticket: 'DONE-1' })
}, 60_000)
afterAll(async () => {
  client.close()
  await daemon.stop()
})

describe('tickets.board', () => {
  it('leaves the served list out unless asked', async () => {
    const board = await client.call('tickets.board', { stations: ['grill'] })
    expect(board.tickets.map((t) => t.id)).toEqual(['OPEN-1'])
    expect(board.recallable).toEqual([])
  })

  it('gives the served list, filtered by the stations, with recall', async () => {
    const board = await client.call('tickets.board', { stations: ['grill'], recall: true })
    expect(board.tickets.map((t) => t.id)).toEqual(['OPEN-1'])
    expect(board.recallable.map((t) => t.id)).toEqual(['DONE-1'])
    expect((await client.call('tickets.board', { stations: ['cold'], recall: true })).recallable).toEqual([])
  })

  it('refuses a recall that is not a boolean', async () => {
    await expect(client.call('tickets.board', { recall: 'yes' } as never)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' })
  })
})
