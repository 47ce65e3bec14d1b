import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import type { SocketClient } from '../../client/socket-client.js'

// Badge plus PIN for approvals (SPEC: "badge plus PIN where a site wants two factors";
// "approvals (count variances, refunds, removing a node) need a manager"), as a config option.

let daemon: DaemonProcess | null = null
let removeDir: (() => Promise<void>) | null = null
const clients: SocketClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  if (daemon !== null) expect(await daemon.stop()).toBe(0)
  await removeDir?.()
  daemon = null
  removeDir = null
})

/** A daemon with mo (manager, PIN 2468, a badge) and ana (picker, no badge). */
async function start(approvalsNeedBadge: boolean | undefined): Promise<{ d: DaemonProcess; badge: string; admin: SocketClient }> {
  const tmp = await tempDataDir()
  removeDir = tmp.remove
  if (approvalsNeedBadge !== undefined) await writeFile(join(tmp.dir, 'config.json'), JSON.stringify({ signIn: { approvalsNeedBadge } }))
  const d = (daemon = await startDaemonProcess(tmp.dir))
  const admin = await signedIn(d, 'admin', d.adminSecret!)
  clients.push(admin)
  await admin.call('people.add', { id: 'mo', name: 'Mo', role: 'manager', pin: '2468' })
  await admin.call('people.add', { id: 'ana', name: 'Ana', role: 'picker', pin: '1357' })
  const { badge } = await admin.call('people.issueBadge', { id: 'mo' })
  return { d, badge, admin }
}

async function connect(d: DaemonProcess): Promise<SocketClient> {
  const client = await d.connect()
  clients.push(client)
  return client
}

/** Every way an approval is made: its methods, and the raw operation through ops.submit. */
const APPROVALS: Array<[string, unknown]> = [
  ['counting.approve', { session: 'no-such-count' }],
  ['conflicts.resolve', { conflict: 'no-such-conflict', note: 'checked', correction: null }],
  ['mesh.removeNode', { node: 'no-such-node' }],
  ['mesh.pairAccept', { id: 'no-such-request' }],
  ['ops.submit', { ops: [{ type: 'counting.approve', payload: { session: 'no-such-count', variances: [] } }] }],
  ['ops.submit', { ops: [{ type: 'mesh.removeNode', payload: { key: 'a'.repeat(64) } }] }],
]

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (err: { code?: string }) => err.code ?? 'no code',
  )
}

describe('badge plus PIN for approvals (signIn.approvalsNeedBadge)', () => {
  it('with the option on, an approval needs a sign-in with the badge; everything else does not', async () => {
    const { d, badge, admin } = await start(true)
    expect(badge).toMatch(/^mo:[a-z2-7]{26}$/)

    const pinOnly = await connect(d)
    await pinOnly.call('session.signIn', { person: 'mo', pin: '2468' })
    for (const [method, params] of APPROVALS) {
      await expect(pinOnly.callRaw(method, params), method).rejects.toMatchObject({
        code: 'E_SECOND_FACTOR',
        message: expect.stringMatching(/is an approval: this node wants badge plus PIN for it\. Sign in again, scanning your badge/),
      })
    }
    await pinOnly.call('notes.post', { text: 'PIN alone still does the rest' })

    const twoFactors = await connect(d)
    await twoFactors.call('session.signIn', { person: 'mo', pin: '2468', badge })
    for (const [method, params] of APPROVALS) {
      // past the second factor: refused only for what the request names (none of it exists)
      expect(await codeOf(twoFactors.callRaw(method, params)), method).not.toBe('E_SECOND_FACTOR')
    }

    // signing out and in with the PIN alone drops the second factor
    await twoFactors.call('session.signOut')
    await twoFactors.call('session.signIn', { person: 'mo', pin: '2468' })
    expect(await codeOf(twoFactors.call('counting.approve', { session: 'no-such-count' }))).toBe('E_SECOND_FACTOR')

    // a new badge replaces the old one
    const { badge: renewed } = await admin.call('people.issueBadge', { id: 'mo' })
    expect(await codeOf(twoFactors.call('session.signIn', { person: 'mo', pin: '2468', badge }))).toBe('E_BAD_CREDENTIALS')
    await twoFactors.call('session.signIn', { person: 'mo', pin: '2468', badge: renewed })
    expect(await codeOf(twoFactors.call('counting.approve', { session: 'no-such-count' }))).toBe('E_NOT_FOUND')
  }, 60_000)

  it('a wrong, foreign or malformed badge is refused, and counts as a wrong guess', async () => {
    const { d, badge, admin } = await start(true)
    const client = await connect(d)
    const signIn = (params: Record<string, unknown>) => codeOf(client.callRaw('session.signIn', params))
    expect(await signIn({ person: 'mo', pin: '2468', badge: 'mo:' + 'a'.repeat(26) })).toBe('E_BAD_CREDENTIALS')
    expect(await signIn({ person: 'ana', pin: '1357', badge })).toBe('E_BAD_CREDENTIALS') // mo's badge, ana's PIN
    expect(await signIn({ person: 'ana', pin: '1357', badge: 'ana:' + 'b'.repeat(26) })).toBe('E_BAD_CREDENTIALS') // she has none
    expect(await signIn({ person: 'mo', pin: '1111', badge })).toBe('E_BAD_CREDENTIALS') // right badge, wrong PIN
    for (const bad of ['mo', 'mo:short', `mo:${'a'.repeat(27)}`, 'MO:' + 'a'.repeat(26), 42, null, { secret: 'x' }, 'x'.repeat(5000)]) {
      const reply = client.callRaw('session.signIn', { person: 'mo', pin: '2468', badge: bad })
      await expect(reply, JSON.stringify(bad).slice(0, 40)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' })
    }
    // the two wrong tries at mo above count like wrong PINs: three more and he is locked out
    for (const pin of ['0000', '0001', '0002']) expect(await signIn({ person: 'mo', pin })).toBe('E_BAD_CREDENTIALS')
    expect(await signIn({ person: 'mo', pin: '2468', badge })).toBe('E_LOCKED_OUT')
    // only an admin issues badges, only for people who are here
    await expect(client.call('people.issueBadge', { id: 'mo' })).rejects.toMatchObject({ code: 'E_NOT_SIGNED_IN' })
    await expect(admin.call('people.issueBadge', { id: 'ghost' })).rejects.toMatchObject({ code: 'E_CONFLICT' })
    for (const params of [{ id: 'Mo Mo' }, { id: 'mo', badge: 'mine' }, {}]) {
      await expect(admin.callRaw('people.issueBadge', params), JSON.stringify(params)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' })
    }
    const ana = await signedIn(d, 'ana', '1357')
    clients.push(ana)
    await expect(ana.call('people.issueBadge', { id: 'ana' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' })
  }, 60_000)

  it('off by default: a PIN alone approves, and a badge is still accepted', async () => {
    const { d, badge } = await start(undefined)
    const pinOnly = await signedIn(d, 'mo', '2468')
    clients.push(pinOnly)
    expect(await codeOf(pinOnly.call('counting.approve', { session: 'no-such-count' }))).toBe('E_NOT_FOUND')
    const client = await connect(d)
    await client.call('session.signIn', { person: 'mo', pin: '2468', badge })
  }, 60_000)
})
