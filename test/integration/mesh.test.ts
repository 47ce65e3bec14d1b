import createTestnet from 'hyperdht/testnet.js'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { runCli } from '../helpers/cli.js'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'

let site: MeshSite
let testnet: Awaited<ReturnType<typeof createTestnet>> | null = null
afterEach(async () => {
  await site.close()
  await testnet?.destroy()
  testnet = null
})

/** Every node writes at once: single notes and groups, from its own signed-in client. */
async function writeConcurrently(nodes: SiteNode[], secret: string, perNode: number, label: string): Promise<number> {
  const clients: SocketClient[] = await Promise.all(nodes.map((n) => signedIn(n.daemon, 'admin', secret)))
  await Promise.all(
    clients.map(async (client, i) => {
      for (let k = 0; k < perNode; k += 5) {
        if (k % 10 === 0)
          await client.call('ops.submit', {
            ops: Array.from({ length: 5 }, (_, j) => ({ type: 'notes.post', payload: { text: `${label} ${nodes[i]!.name} ${k + j}` } })),
          })
        else for (let j = 0; j < 5; j++) await client.call('notes.post', { text: `${label} ${nodes[i]!.name} ${k + j}` })
      }
    }),
  )
  for (const c of clients) c.close()
  return nodes.length * perNode
}

describe('mesh: separate daemons on loopback', () => {
  it(
    'three daemons pair through codes over a local DHT, write concurrently, one stops and comes back, all converge',
    { timeout: 120_000 },
    async () => {
      site = new MeshSite()
      testnet = await createTestnet(3, { host: '127.0.0.1' })
      const bootstrap = ['--bootstrap', ...testnet.bootstrap.map((b) => `${b.host}:${b.port}`)]
      const a = await site.found('alpha', bootstrap)
      const t0 = Date.now()
      const phase = (what: string) => process.env.MESH_TIMING && console.log(what, Date.now() - t0, 'ms')
      const b = await site.pair(a, 'bravo', bootstrap, bootstrap)
      const c = await site.pair(a, 'charlie', bootstrap, bootstrap)
      phase('paired')
      const all = await site.until(
        (s) => s.every((x) => x.node.writable && x.peers.length === 2 && x.peers.every((p) => p.online)),
        'three writers, all online',
      )
      phase('all online')
      expect(all.map((s) => s.writers.length)).toEqual([3, 3, 3])

      const before = all[0]!.view.seq
      let written = await writeConcurrently([a, b, c], site.adminSecret, 30, 'together')
      phase('written together')
      expect(await c.daemon.stop()).toBe(0)
      written += await writeConcurrently([a, b], site.adminSecret, 20, 'without charlie')
      await site.until(
        (s) => s.length === 2 && s.every((x) => x.peers.find((p) => p.name === 'charlie')?.online === false),
        'charlie seen offline',
      )
      phase('charlie offline')
      c.daemon = await startDaemonProcess(c.dir, { args: c.args })
      const converged = await site.until(
        (s) => s.length === 3 && sameView(s) && s[0]!.view.seq === before + written,
        'the same view on all three',
      )
      phase('converged')
      expect(new Set(converged.map((s) => s.view.hash)).size).toBe(1)
      // sync progress: every peer online and nothing behind, within a few heartbeats of converging
      await site.until(
        (s) => s.every((x) => x.peers.length === 2 && x.peers.every((p) => p.online && p.behind === 0)),
        'everyone online, nothing behind',
      )
    },
  )

  it(
    'the same with --direct and no DHT at all: each joins through the first node, then finds the others',
    { timeout: 120_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const address = (await site.status(a)).network.address!
      const b = await site.pair(a, 'bravo', ['--direct', address])
      const c = await site.pair(a, 'charlie', ['--direct', address])
      await site.until(
        (s) => s.every((x) => x.node.writable && x.peers.filter((p) => p.online).length === 2),
        'all three writable and connected',
      )
      const before = (await site.status(a)).view.seq
      const written = await writeConcurrently([a, b, c], site.adminSecret, 20, 'direct')
      const converged = await site.until((s) => sameView(s) && s[0]!.view.seq === before + written, 'the same view on all three')
      expect(new Set(converged.map((s) => s.view.hash)).size).toBe(1)
      // none was given a bootstrap list: the joiners remember the first node's address from pairing
      const [, bStatus, cStatus] = await Promise.all([a, b, c].map((n) => site.status(n)))
      expect(bStatus!.network.bootstrap).toContain(address)
      expect(cStatus!.network.bootstrap).toContain(address)
      // what scripts read: `outpost peers --json` lists both others with their state
      const listed = await runCli(['--data-dir', a.dir, 'peers', '--json'])
      expect(listed.code, listed.stderr).toBe(0)
      const peers = JSON.parse(listed.stdout) as Array<{ name: string; online: boolean; lastSeen: number; address: string; behind: number }>
      expect(peers.map((p) => p.name).sort()).toEqual(['bravo', 'charlie'])
      for (const p of peers) {
        expect(p).toMatchObject({ online: true, behind: 0 })
        expect(Date.now() - p.lastSeen).toBeLessThan(10_000)
        expect(p.address).toMatch(/^127\.0\.0\.1:\d+$/)
      }
      // pairing handed the site's key for encryption at rest to both
      const keys = await Promise.all(
        [a, b, c].map(
          async (n) => (JSON.parse(await readFile(join(n.dir, 'site.json'), 'utf8')) as { encryptionKey: string }).encryptionKey,
        ),
      )
      expect(keys[0]).toMatch(/^[0-9a-f]{64}$/)
      expect(new Set(keys).size).toBe(1)
    },
  )
})
