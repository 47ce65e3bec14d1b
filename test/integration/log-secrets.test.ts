import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { MeshSite } from '../helpers/mesh-site.js'

// The daemons' JSON logs (at debug, the most they say) of a run that signs in with PINs and the
// admin secret, pairs a node with a code, and signs in with a badge hold none of those secrets,
// nor the site key; and each line of a socket request or a peer session carries its correlation id.

let site: MeshSite | null = null
afterEach(async () => {
  await site?.close()
  site = null
})

interface Line {
  msg?: string
  req?: string
  session?: string
  method?: string
  outcome?: string
}

it(
  'logs name no PIN, admin secret, pairing code, badge or key; requests and peer sessions carry correlation ids',
  { timeout: 240_000 },
  async () => {
    const previous = process.env.OUTPOST_TEST_LOG_LEVEL
    process.env.OUTPOST_TEST_LOG_LEVEL = 'debug'
    const echoed: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    // the helper echoes daemon logs to stderr at a set level: keep them, unprinted
    process.stderr.write = (chunk: string | Uint8Array) => (echoed.push(String(chunk)), true)
    site = new MeshSite()
    try {
      const a = await site.found('A')
      const admin = await a.daemon.connect()
      await admin.call('session.signIn', { person: 'admin', pin: site.adminSecret })
      await admin.call('people.add', { id: 'mo', name: 'Mo', role: 'manager', pin: '864213' })
      const { badge } = await admin.call('people.issueBadge', { id: 'mo' })
      admin.close()
      const mo = await a.daemon.connect()
      await mo.call('session.signIn', { person: 'mo', pin: '864213', badge })
      await mo.callRaw('session.signIn', { person: 'mo', pin: '999999' }).catch(() => undefined) // a wrong PIN is not logged either
      const made = await site.cli(a.dir, ['pair', 'code', '--json'])
      const { code: unused } = JSON.parse(made.stdout) as { code: string }
      mo.close()
      const b = await site.pairDirect(a, 'B')
      await site.until((s) => s.every((x) => x.peers.some((p) => p.online)), 'A and B online to each other')

      // each peer's version, from its heartbeats, in status (rolling upgrades: docs/operations.md)
      const [onA] = await site.until((s) => s.every((x) => x.peers.every((p) => p.version != null)), 'peer versions known')
      expect(onA?.peers.map((p) => p.version)).toEqual([{ outpost: onA?.versions.outpost, protocol: onA?.versions.protocol }])
      const human = await runCli(['--data-dir', a.dir, 'status'])
      expect(human.stdout).toMatch(new RegExp(`^  B  online  \\d+ behind  outpost ${onA?.versions.outpost}, protocol \\d+$`, 'm'))

      const siteJson = JSON.parse(await readFile(join(a.dir, 'site.json'), 'utf8')) as { encryptionKey?: string }
      const secrets: Record<string, string> = {
        'admin secret': site.adminSecret,
        'a PIN': '864213',
        'a wrong PIN': '999999',
        badge,
        'an unused pairing code': unused,
        'the site key': siteJson.encryptionKey ?? '',
      }
      for (const [what, value] of Object.entries(secrets)) expect([what, value.length >= 6]).toEqual([what, true])
      const logs = { A: a.daemon.log(), B: b.daemon.log() }
      for (const [node, log] of Object.entries(logs)) {
        expect(log.length).toBeGreaterThan(1000)
        for (const [what, value] of Object.entries(secrets)) {
          expect(`${node}'s log holds ${what}: ${log.includes(value)}`).toBe(`${node}'s log holds ${what}: false`)
        }
        // the pairing code in any form the logs might print it (upper case, without dashes)
        const bare = unused.replace(/-/g, '')
        expect(log.toUpperCase().replace(/-/g, '').includes(bare.toUpperCase())).toBe(false)
      }

      const lines = logs.A.split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Line)
      const requests = lines.filter((l) => l.msg === 'socket request')
      expect(requests.length).toBeGreaterThan(5)
      for (const r of requests) expect(r.req).toMatch(/^c[0-9a-f]{8}\.\d+$/)
      // one connection, its requests numbered in order
      const signIns = requests.filter((r) => r.method === 'session.signIn' && r.outcome === 'E_BAD_CREDENTIALS')
      expect(signIns.length).toBe(1)
      const sessions = lines.filter((l) => l.msg === 'peer session began')
      expect(sessions.length).toBeGreaterThan(0)
      for (const s of sessions) expect(s.session).toMatch(/^p-[0-9a-f]{8}$/)
    } finally {
      process.stderr.write = write
      if (previous === undefined) delete process.env.OUTPOST_TEST_LOG_LEVEL
      else process.env.OUTPOST_TEST_LOG_LEVEL = previous
    }
  },
)
