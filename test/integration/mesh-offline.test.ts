import { afterEach, describe, expect, it } from 'vitest'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'

let site: MeshSite
afterEach(() => site.close())

describe('mesh: a node keeps working alone', () => {
  it('after catching up from a peer, it restarts with no network and reads its whole view', { timeout: 90_000 }, async () => {
    site = new MeshSite()
    const a = await site.found('alpha')
    const address = (await site.status(a)).network.address!
    const b = await site.pair(a, 'bravo', ['--direct', address])
    await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')
    expect(await b.daemon.stop()).toBe(0)
    const writer = await signedIn(a.daemon, 'admin', site.adminSecret)
    for (let i = 0; i < 2000; i += 100) {
      await writer.call('ops.submit', {
        ops: Array.from({ length: 100 }, (_, j) => ({ type: 'notes.post', payload: { text: `while bravo was off ${i + j}` } })),
      })
    }
    writer.close()
    b.daemon = await startDaemonProcess(b.dir, { args: b.args })
    const caughtUp = await site.until((s) => sameView(s), 'bravo to catch up')
    // bravo alone, no network at all: it must start and answer from its own disk
    for (const n of [a, b]) await n.daemon.stop()
    b.daemon = await startDaemonProcess(b.dir, { args: ['--no-network'] })
    const alone = await signedIn(b.daemon, 'admin', site.adminSecret)
    const status = await alone.call('system.status')
    expect(status.view.hash).toBe(caughtUp[0]!.view.hash)
    expect((await alone.call('notes.list', { limit: 500 })).length).toBe(500)
    const audit = await alone.call('audit.list', { limit: 1000, beforeSeq: 1500 })
    expect(audit.length).toBe(1000)
    expect(await alone.call('system.verify')).toMatchObject({ consistent: true })
    alone.close()
  })
})
