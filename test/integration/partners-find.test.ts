import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { refusal } from '../helpers/refusal.js'

/**
 * catalog.partners by text (the order form's customer field): found by a part of the name or
 * code whatever the case, and bad or hostile input refused in one line, with nothing lost.
 */

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let admin: SocketClient

beforeAll(async () => {
  daemon = await startInProcessDaemon()
  admin = await daemon.connect()
  await admin.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await admin.call('catalog.upsert', {
    partners: [
      { code: 'CUS-ATL', name: 'Atlas Tekstil', kind: 'customer' },
      { code: 'CUS-BOR', name: 'Boreal (Outlet) A.S.', kind: 'customer' },
      { code: 'SUP-KAR', name: 'Karadeniz Iplik', kind: 'supplier' },
    ],
  })
})
afterAll(async () => {
  admin.close()
  await daemon.stop()
})

const codes = (found: { code: string }[]) => found.map((p) => p.code).sort()

describe('catalog.partners by text', () => {
  it('finds by a part of the name or the code, whatever the case, at most limit', async () => {
    expect(codes(await admin.call('catalog.partners', { text: 'atlas' }))).toEqual(['CUS-ATL'])
    expect(codes(await admin.call('catalog.partners', { text: 'cus-' }))).toEqual(['CUS-ATL', 'CUS-BOR'])
    expect(await admin.call('catalog.partners', { text: 'cus-', limit: 1 })).toHaveLength(1)
    expect(await admin.call('catalog.partners', { text: 'nobody' })).toEqual([])
  })

  it('takes what a person types literally: brackets, dots and stars are not patterns', async () => {
    expect(codes(await admin.call('catalog.partners', { text: '(outlet)' }))).toEqual(['CUS-BOR'])
    expect(await admin.call('catalog.partners', { text: '.*' })).toEqual([])
    expect(await admin.call('catalog.partners', { text: '[a-z]+' })).toEqual([])
  })

  it('wrong types, oversized, out of range and unknown fields: refused in one line', async () => {
    const raw = admin.call.bind(admin) as (method: string, params: unknown) => Promise<unknown>
    expect((await refusal(raw('catalog.partners', { text: 'x'.repeat(81) }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('catalog.partners', { text: '   ' }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('catalog.partners', { text: 5 }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('catalog.partners', { text: 'a', limit: 0 }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('catalog.partners', { text: 'a', limit: 51 }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('catalog.partners', { text: 'a', limit: '10' }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('catalog.partners', { codes: Array(201).fill('A') }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('catalog.partners', { text: 'a', extra: true }))).code).toBe('E_INVALID_PARAMS')
    // nothing was lost: the partners are all still there
    expect(codes(await admin.call('catalog.partners', { codes: ['CUS-ATL', 'CUS-BOR', 'SUP-KAR'] }))).toEqual([
      'CUS-ATL',
      'CUS-BOR',
      'SUP-KAR',
    ])
  })

  it('thirty searches at once (the most one connection may have waiting is 32) are each answered in full', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => admin.call('catalog.partners', { text: 'a' })))
    for (const found of answers) expect(codes(found)).toEqual(['CUS-ATL', 'CUS-BOR', 'SUP-KAR'])
  })
})
