import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Status } from '../../protocol/index.js'
import { runCli } from './cli.js'
import { eventually } from './eventually.js'
import { loopbackArgs, signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from './daemon-process.js'

/** Short heartbeats so that online/offline changes show within a test. */
export const FAST_NETWORK = { heartbeatMs: 300, offlineMs: 1500 }

export interface SiteNode {
  name: string
  dir: string
  args: string[]
  daemon: DaemonProcess
}

/** Daemon processes of one site, the first founding it; cleaned up by `close`. */
export class MeshSite {
  readonly nodes: SiteNode[] = []
  adminSecret = ''
  private readonly removers: Array<() => Promise<void>> = []

  /** A data dir with a config.json: fast heartbeats, `network` over them, and `more` fields (printers). */
  async dataDir(network: object = {}, more: object = {}): Promise<string> {
    const tmp = await tempDataDir()
    this.removers.push(tmp.remove)
    await writeFile(join(tmp.dir, 'config.json'), JSON.stringify({ network: { ...FAST_NETWORK, ...network }, ...more }))
    return tmp.dir
  }

  async found(name: string, extraArgs: string[] = [], network: object = {}, more: object = {}): Promise<SiteNode> {
    const args = [...(await loopbackArgs()), ...extraArgs]
    const dir = await this.dataDir(network, more)
    const daemon = await startDaemonProcess(dir, { args })
    this.adminSecret = daemon.adminSecret ?? ''
    const node = { name, dir, args, daemon }
    this.nodes.push(node)
    return node
  }

  /** `outpost ... --as admin` with the first admin's secret. */
  cli(dir: string, args: string[]) {
    return runCli(['--data-dir', dir, ...args, '--as', 'admin'], { OUTPOST_PIN: this.adminSecret })
  }

  /** `run` with a client of `node` signed in as the first admin, closed after. */
  async withClient<T>(node: SiteNode, run: (client: Awaited<ReturnType<typeof signedIn>>) => Promise<T>): Promise<T> {
    const client = await signedIn(node.daemon, 'admin', this.adminSecret)
    try {
      return await run(client)
    } finally {
      client.close()
    }
  }

  /** A shift note posted on `node` as the first admin: its operation id. */
  async post(node: SiteNode, text: string): Promise<string> {
    const client = await signedIn(node.daemon, 'admin', this.adminSecret)
    try {
      return (await client.call('notes.post', { text })).ids[0]!
    } finally {
      client.close()
    }
  }

  /** The audit entry of operation `id` on `node` (among its last 1,000), if it folded it. */
  async audit(node: SiteNode, id: string) {
    const client = await signedIn(node.daemon, 'admin', this.adminSecret)
    try {
      return (await client.call('audit.list', { limit: 1000 })).find((e) => e.id === id)
    } finally {
      client.close()
    }
  }

  async status(node: SiteNode): Promise<Status> {
    const client = await node.daemon.connect()
    try {
      return await client.call('system.status')
    } finally {
      client.close()
    }
  }

  /** Pair a new node through a code made on `inviter`, accepted on the inviter via the CLI. */
  async pair(
    inviter: SiteNode,
    name: string,
    joinArgs: string[],
    extraArgs: string[] = [],
    /** `dir`: join from this data dir (a restored one) instead of a new one; `beforeAccept`: look at the waiting request first. */
    opts: { dir?: string; beforeAccept?: (id: string) => Promise<void> } = {},
  ): Promise<SiteNode> {
    const args = [...(await loopbackArgs()), ...extraArgs]
    const t0 = Date.now()
    const mark = (what: string) => process.env.MESH_TIMING && console.log(`  pair ${name}: ${what}`, Date.now() - t0, 'ms')
    const made = await this.cli(inviter.dir, ['pair', 'code', '--json'])
    mark('code made')
    expect(made.code, made.stderr).toBe(0)
    const { code } = JSON.parse(made.stdout) as { code: string }
    const dir = opts.dir ?? (await this.dataDir())
    let pendingId = ''
    let joinOut = ''
    const joined = runCli(['--data-dir', dir, 'pair', 'join', code, '--name', name, ...args, ...joinArgs, '--wait', '45'], {}, (chunk) => {
      joinOut += chunk
      pendingId ||= /request (\w+)/.exec(joinOut)?.[1] ?? ''
    })
    // the joiner prints its request's id once the inviting node has answered "pending" (it holds
    // the request then): wait for that line, not by listing through the CLI over and over (a node
    // process per look, back to back, was most of a pairing's CPU on a loaded 2-core machine)
    let exited = false
    void joined.then(() => (exited = true))
    await eventually(() => pendingId !== '' || exited, `the join request of ${name} to be answered "pending"`, {
      timeoutMs: 45_000,
      intervalMs: 20,
      evidence: () => `join output: ${joinOut}`,
    })
    if (pendingId === '') {
      const early = await joined
      expect.fail(`pair join exited ${early.code} before its request was pending:\n${early.stdout}${early.stderr}`)
    }
    // the request reaches a person on the inviting node: find it there, and accept it
    const id = await eventually(
      async () => {
        const listed = await this.cli(inviter.dir, ['pair', 'requests', '--json'])
        return (JSON.parse(listed.stdout || '[]') as Array<{ id: string; name: string }>).find((r) => r.name === name)?.id ?? ''
      },
      `the join request of ${name} to reach the inviting node`,
      { timeoutMs: 45_000, intervalMs: 100 },
    )
    mark('request seen')
    await opts.beforeAccept?.(id)
    const accepted = await this.cli(inviter.dir, ['pair', 'accept', id])
    expect(accepted.code, accepted.stderr).toBe(0)
    expect(accepted.stdout, 'the node accepted by the name it asked with').toMatch(new RegExp(`^accepted: node ${name} [0-9a-f]{12}…`))
    mark('accepted')
    const result = await joined
    expect(result.code, result.stderr).toBe(0)
    // what to run next names this node's data dir and the network flags it joined with
    expect(result.stdout).toContain(`start the node with: outpost --data-dir ${dir} daemon ${args.join(' ')}\n`)
    mark('join exited')
    expect(pendingId).toBe(id)
    const daemon = await startDaemonProcess(dir, { args })
    mark('daemon ready')
    const node = { name, dir, args, daemon }
    this.nodes.push(node)
    return node
  }

  /** Pair a new node by dialling the inviter's own DHT address (`--direct`): no bootstrap walk. */
  async pairDirect(
    inviter: SiteNode,
    name: string,
    opts: { dir?: string; beforeAccept?: (id: string) => Promise<void> } = {},
  ): Promise<SiteNode> {
    const address = (await this.status(inviter)).network.address!
    return this.pair(inviter, name, ['--direct', address], [], opts)
  }

  /** Wait (bounded) until `test` holds for every node's status. */
  async until(test: (statuses: Status[]) => boolean, what: string, timeoutMs = 30_000): Promise<Status[]> {
    return eventually(() => Promise.all(this.nodes.filter((n) => n.daemon.proc.exitCode === null).map((n) => this.status(n))), what, {
      ok: test,
      timeoutMs,
      intervalMs: 100,
      show: (statuses) => JSON.stringify(statuses.map((s) => [s.view.seq, s.view.hash.slice(0, 8), s.peers.map((p) => p.online)])),
      evidence: () => this.auditDiff(), // the operations some nodes folded and others did not
    })
  }

  /** For a failed wait: the operations some running nodes folded and others did not, with their outcome. */
  async auditDiff(): Promise<string> {
    const running = this.nodes.filter((n) => n.daemon.proc.exitCode === null)
    const counts = new Array<number>(running.length).fill(0)
    const repeated: string[] = []
    const perNode = await Promise.all(
      running.map(async (n, at) => {
        const client = await n.daemon.connect()
        try {
          await client.call('session.signIn', { person: 'admin', pin: this.adminSecret })
          const entries = await client.call('audit.list', { limit: 1000 })
          counts[at] = entries.length
          const byId = new Map<string, string[]>()
          for (const e of entries)
            byId.set(e.id, [
              ...(byId.get(e.id) ?? []),
              `${e.seq} ${e.type} ${e.status}${e.reason === undefined ? '' : ` (${e.reason})`} from ${e.node.slice(0, 8)} at ${e.at.block}/${e.at.index}`,
            ])
          for (const [id, seen] of byId)
            if (seen.length > 1) repeated.push(`${n.name}: ${id} folded ${seen.length} times: ${seen.join(' | ')}`)
          return new Map(
            entries.map((e) => [
              e.id,
              `${e.seq} ${e.type} ${e.status}${e.reason === undefined ? '' : ` (${e.reason})`} from ${e.node.slice(0, 8)}`,
            ]),
          )
        } finally {
          client.close()
        }
      }),
    )
    const ids = new Set(perNode.flatMap((m) => [...m.keys()]))
    const lines: string[] = []
    for (const id of ids) {
      const seen = perNode.map((m, i) => (m.has(id) ? `${running[i]!.name}: ${m.get(id)}` : `${running[i]!.name}: -`))
      if (perNode.some((m) => !m.has(id))) lines.push(`${id}  ${seen.join(' | ')}`)
    }
    // an operation folded twice on one node shows as one id with two audit entries there
    const twice = perNode.flatMap((m, i) =>
      m.size < counts[i]! ? [`${running[i]!.name}: ${counts[i]! - m.size} audit entries share an id`] : [],
    )
    return `operations not folded everywhere (${lines.length}):\n${lines.join('\n')}\n${twice.join('\n')}\n${repeated.join('\n')}\n`
  }

  async close(): Promise<void> {
    for (const n of [...this.nodes].reverse()) if (n.daemon.proc.exitCode === null) await n.daemon.stop()
    for (const remove of this.removers) await remove()
  }
}

export const sameView = (statuses: Status[]) =>
  statuses.every((s) => s.view.hash === statuses[0]?.view.hash && s.view.seq === statuses[0]?.view.seq)
