import { afterEach, describe, expect, it } from 'vitest'
import { spawnCli } from '../helpers/cli.js'
import { loopbackArgs } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'

// Seen trying pairing as a new user (issue #17): a `pair join` stopped while it waited for the
// person on the other node left its request there (a dead UDP peer closes nothing); accepted,
// it made a writer that never came, and the joiner's next `outpost daemon` founded a site of its own.

let site: MeshSite
afterEach(async () => {
  await site.close()
})

async function requests(node: SiteNode): Promise<Array<{ id: string; name: string }>> {
  const listed = await site.cli(node.dir, ['pair', 'requests', '--json'])
  expect(listed.code, listed.stderr).toBe(0)
  return JSON.parse(listed.stdout) as Array<{ id: string; name: string }>
}

/** Start `pair join` for `name` from a new data dir and wait until its request waits on `inviter`. */
async function joinUntilPending(inviter: SiteNode, name: string) {
  const made = await site.cli(inviter.dir, ['pair', 'code', '--json'])
  expect(made.code, made.stderr).toBe(0)
  const { code } = JSON.parse(made.stdout) as { code: string }
  const address = (await site.status(inviter)).network.address!
  const dir = await site.dataDir()
  let out = ''
  const join = spawnCli(
    ['--data-dir', dir, 'pair', 'join', code, '--name', name, ...(await loopbackArgs()), '--direct', address, '--wait', '45'],
    {},
    (chunk) => (out += chunk),
  )
  const id = await eventually(() => /request (\w+)/.exec(out)?.[1] ?? '', `the join of ${name} to be answered "pending"`, {
    timeoutMs: 45_000,
    intervalMs: 20,
    evidence: () => `join output: ${out}`,
  })
  await eventually(async () => (await requests(inviter)).some((r) => r.id === id), `${name}'s request to be listed on the inviter`)
  return { dir, id, join, address }
}

async function daemonRefusesToFound(dir: string): Promise<void> {
  const daemon = spawnCli(['--data-dir', dir, 'daemon', ...(await loopbackArgs())])
  // a daemon that founded a site runs on: stop it, and let the expectations below say so
  const stopping = setTimeout(() => daemon.proc.kill('SIGTERM'), 30_000)
  const started = await daemon.done.finally(() => clearTimeout(stopping))
  expect(started.code, started.stdout).not.toBe(0)
  const said = started.stderr.split('\n').filter((line) => line.startsWith('outpost:'))
  expect(said, 'one line').toHaveLength(1)
  expect(said[0]).toMatch(/started joining a site and the join did not finish: run `outpost --data-dir .* pair join CODE` again/)
}

describe('pairing: a join stopped while it waits', () => {
  it(
    'accepted, it is not added; its data dir founds no site; the join run again there makes one writer',
    { timeout: 150_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const { dir, id, join, address } = await joinUntilPending(a, 'ghost')
      join.proc.kill('SIGKILL') // no goodbye on the link: a killed terminal, a power cut
      await join.done
      const accepted = await site.cli(a.dir, ['pair', 'accept', id])
      expect(accepted.code).not.toBe(0)
      expect(accepted.stderr.trim().split('\n'), 'one line').toHaveLength(1)
      expect(accepted.stderr).toMatch(
        new RegExp(`ghost did not confirm it took the site's answer .*: it was not added|no join request ${id} is waiting`),
      )
      expect((await site.status(a)).writers.map((w) => w.name)).not.toContain('ghost')

      await daemonRefusesToFound(dir)
      await site.pair(a, 'ghost', ['--direct', address], [], { dir })
      const statuses = await site.until((s) => s.length === 2 && sameView(s) && s.every((x) => x.node.writable), 'ghost to be a writer')
      expect(statuses[0]!.site.key, 'the site it was to join').toBe(statuses[1]!.site.key)
      expect(
        statuses[0]!.writers.filter((w) => w.name === 'ghost'),
        'added once',
      ).toHaveLength(1)
      const note = await site.post(site.nodes[1]!, 'from the ghost')
      await eventually(async () => (await site.audit(a, note)) !== undefined, "ghost's note to reach alpha")
    },
  )
})
