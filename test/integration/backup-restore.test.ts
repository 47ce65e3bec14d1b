import { existsSync } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { runCli } from '../helpers/cli.js'
import { refusal } from '../helpers/refusal.js'
import { startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { FAST_NETWORK, MeshSite, sameView } from '../helpers/mesh-site.js'

/**
 * Issue #19, point 4: a backup of a running node, restored on the same machine after the disk
 * was lost. The restored node holds its own log only up to the backup; its peer holds more of it.
 * It must take that back before it appends anything (or its next block would fork its log, and
 * every peer would refuse it for good), and its next write must then be folded by the peer.
 */

const PASS = 'a passphrase for tests'
let site: MeshSite
let scratch: Awaited<ReturnType<typeof tempDataDir>> | null = null
afterEach(async () => {
  await site.close()
  await scratch?.remove()
  scratch = null
})

const cli = (args: string[]) => runCli(args, { OUTPOST_PIN: site.adminSecret, OUTPOST_BACKUP_PASSPHRASE: PASS })

describe('backup and restore', () => {
  it(
    'same machine after a disk loss: the restored node takes its later blocks back from its peer before it writes, and its next write is folded there',
    { timeout: 240_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      await site.until((s) => sameView(s) && s.every((x) => x.peers.every((p) => p.online)), 'both linked')
      await site.post(a, 'before the backup')
      await site.until(sameView, 'the first note on both')

      // the backup carries peers.json, which names the peers a restored node waits for: bravo is in
      // it with its writer key once alpha has saved it (every 2 s after a change)
      await eventually(
        async () =>
          Object.values(
            JSON.parse(await readFile(join(a.dir, 'peers.json'), 'utf8').catch(() => '{}')) as Record<
              string,
              { name: string; writerKey: string | null }
            >,
          ),
        'bravo with its writer key in alpha peers.json',
        { ok: (peers) => peers.some((p) => p.name === 'bravo' && p.writerKey !== null) },
      )
      scratch = await tempDataDir('op-bk-')
      const file = join(scratch.dir, 'alpha.op')
      const backedUp = await cli(['--data-dir', a.dir, 'backup', file, '--as', 'admin'])
      expect(backedUp.code, backedUp.stderr).toBe(0)
      const atBackup = await site.status(a)
      expect(backedUp.stdout).toContain(`view ${atBackup.view.hash.slice(0, 16)}`)

      // alpha writes on after the backup, and bravo receives it
      const later = [await site.post(a, 'after the backup 1'), await site.post(a, 'after the backup 2')]
      const [lost] = await site.until(sameView, 'the later notes on bravo')
      const lostLength = lost!.log.localLength
      expect(lostLength).toBeGreaterThan(atBackup.log.localLength)

      // the disk is lost: alpha dies, its data dir goes
      await a.daemon.kill()
      await rm(a.dir, { recursive: true, force: true })

      const restored = await cli(['restore', file, a.dir])
      expect(restored.code, restored.stderr).toBe(0)
      expect(await readdir(a.dir)).toContain('reclaim.json')
      await writeFile(join(a.dir, 'config.json'), JSON.stringify({ network: FAST_NETWORK })) // the operator's config, kept apart

      // without its peer, the restored node does not open: every request, a write above all, is refused and says why
      await b.daemon.stop()
      const starting = startDaemonProcess(a.dir, { args: a.args })
      const socket = join(a.dir, 'outpost.sock')
      await eventually(() => existsSync(socket), 'the restored daemon to answer on its socket', { timeoutMs: 60_000 })
      const early = await SocketClient.connect(socket)
      const refused = await refusal(early.call('notes.post', { text: 'too early' }))
      early.close()
      expect(refused.code).toBe('E_RECLAIMING')
      expect(refused.message).toMatch(/^this node was restored from a backup and first takes back .* \(waiting for bravo\)/)
      expect(existsSync(join(a.dir, 'reclaim.json'))).toBe(true)

      // bravo comes back: alpha takes its blocks back, then opens
      b.daemon = await startDaemonProcess(b.dir, { args: b.args })
      a.daemon = await starting
      expect(existsSync(join(a.dir, 'reclaim.json'))).toBe(false)
      const back = await site.status(a)
      expect(back.log.localLength).toBe(lostLength)
      for (const id of later) expect((await site.audit(a, id))?.status, 'a later note back on alpha').toBe('applied')

      // and its next write is folded by bravo: no fork
      const next = await site.post(a, 'after the restore')
      const [onA, onB] = await site.until(
        (s) => sameView(s) && s[0]!.view.seq > back.view.seq && s[0]!.peers.every((p) => p.online),
        'the write after the restore folded on both',
        60_000,
      )
      expect(onA!.view.hash).toBe(onB!.view.hash)
      expect((await site.audit(b, next))?.status).toBe('applied')
      expect(b.daemon.log()).not.toMatch(/fork/i)
    },
  )
})
