import { constants, hostname } from 'node:os'
import { resolveConfig } from '../../daemon/config.js'
import { DATA_UMASK } from '../../daemon/data-dir.js'
import { createLogger } from '../../daemon/logger.js'
import { joinSite } from '../../daemon/net/join.js'
import type { DaemonFlags, GlobalOptions } from '../options.js'
import { OutpostError, localTime, replacesLine } from '../../protocol/index.js'
import { joiningPath } from '../../daemon/net/joining-file.js'
import { existsSync } from 'node:fs'
import { withDaemon } from './connect.js'
import { networkArgs, networkFlags } from './network-flags.js'

export async function pairCodeCommand(globals: GlobalOptions, opts: { as?: string; json?: boolean }): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const { code, expiresAt } = await client.call('mesh.pairCode')
    // where the new node finds this one: without it, a site with no bootstrap and no LAN
    // announcement gave the new node nowhere to look (found by a new-user trial)
    const direct = (await client.call('system.status')).network.address ?? null
    if (opts.json === true) process.stdout.write(JSON.stringify({ code, expiresAt, direct }) + '\n')
    else
      process.stdout.write(
        `${code}\nvalid until ${localTime(expiresAt, true)}, for one node. On it: outpost pair join ${code}${direct === null ? '' : ` --direct ${direct}`}\n`,
      )
    return 0
  })
}

export async function pairJoinCommand(
  globals: GlobalOptions,
  words: string[],
  opts: DaemonFlags & { direct?: string; name?: string; wait?: number },
): Promise<number> {
  // a code typed unquoted with a space (a7f3 9x2k) comes as two words: it is one code
  const code = words.join(' ')
  process.umask(DATA_UMASK) // owner-only files, RocksDB's included (daemon/data-dir.ts)
  const config = resolveConfig({ dataDir: globals.dataDir, network: networkFlags(opts), env: process.env })
  // a person at a terminal names the node (Enter keeps the default); a script gives --name or gets the default
  let name: string | undefined
  try {
    name = opts.name ?? config.nodeName ?? (process.stdin.isTTY ? await askName() : undefined)
  } catch (err) {
    // Ctrl-C at the question: nothing was made yet (it said "Aborted with Ctrl+C", exit 1)
    if ((err as NodeJS.ErrnoException).code !== 'ABORT_ERR') throw err
    process.stderr.write('\npair join stopped: nothing of it was kept\n')
    return 130
  }
  // Ctrl-C (or a service manager's SIGTERM) stops the join where it waits, and it cleans up as a
  // failed join does: before, the process died and left the data dir it had made
  const stop = new AbortController()
  // the exit status says which signal: 130 for Ctrl-C, 143 for SIGTERM
  let stoppedBy = 130
  const stopJoin = (signal: NodeJS.Signals) => {
    stoppedBy = 128 + (constants.signals[signal] ?? 0)
    stop.abort(new OutpostError('E_USAGE', 'pair join stopped'))
  }
  for (const signal of STOP_SIGNALS) process.once(signal, stopJoin)
  let joined: { site: string; siteName: string }
  try {
    joined = await joinSite({
      config,
      code,
      direct: opts.direct,
      name,
      onProgress: progressLine(),
      ...(opts.wait !== undefined ? { findTimeoutMs: opts.wait * 1000 } : {}),
      logger: createLogger('silent'),
      onPending: (id) =>
        process.stdout.write(`${process.stderr.isTTY ? '\n' : ''}waiting for a person on the other node to accept request ${id}…\n`),
      signal: stop.signal,
    })
  } catch (err) {
    if (!stop.signal.aborted) throw err
    process.stderr.write(
      `\n${
        existsSync(joiningPath(config.dataDir))
          ? `pair join stopped while the other node may accept it: run the same pair join in ${config.dataDir} again to finish it (or to hear it was refused)`
          : 'pair join stopped: nothing of it was kept'
      }\n`,
    )
    return stoppedBy
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stopJoin)
  }
  process.stdout.write(`joined site "${joined.siteName}" (${joined.site}); start the node with: ${daemonLine(config.dataDir, opts)}\n`)
  return 0
}

/**
 * The command that starts the node just joined: its data dir (absolute, however it was named: the
 * flag, OUTPOST_DATA_DIR) and the network flags the join was given. A bare `outpost daemon`
 * opened the default data dir, where it founded a site of its own.
 */
export function daemonLine(dataDir: string, opts: DaemonFlags): string {
  // --port 0 is not passed on: a node on any port is at a new address after each start, where
  // peers that know it do not look (two such nodes never met again); the daemon's own port stays
  const words = ['outpost', '--data-dir', dataDir, 'daemon', ...networkArgs(opts.port === 0 ? { ...opts, port: undefined } : opts)]
  // a word a shell would split or expand is quoted
  return words.map((w) => (/^[\w@%+:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ')
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const

/** Ask what the site should call this node; empty keeps the default (host name and a piece of the node's key). */
async function askName(): Promise<string | undefined> {
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = (
      await rl.question(`Name for this node, as the site's other nodes will show it (Enter: ${hostname()}- and 4 characters of its key): `)
    ).trim()
    return answer === '' ? undefined : answer.slice(0, 64)
  } finally {
    rl.close()
  }
}

/** Progress on stderr: one line rewritten in place on a terminal, a line per step otherwise (a log, a script). */
function progressLine(): (text: string) => void {
  const tty = process.stderr.isTTY
  return (text) => process.stderr.write(tty ? `\r\u001b[K${text}` : `${text}\n`)
}

export async function pairRequestsCommand(globals: GlobalOptions, opts: { as?: string; json?: boolean }): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const requests = await client.call('mesh.pairRequests')
    if (opts.json === true) process.stdout.write(JSON.stringify(requests, null, 2) + '\n')
    else if (requests.length === 0) process.stdout.write('no join requests waiting\n')
    else
      for (const r of requests)
        process.stdout.write(
          `${r.id}  ${r.name} wants to join  (from ${r.address ?? '?'}; outpost pair accept ${r.id} | deny ${r.id})\n` +
            (replacesLine(r) === null ? '' : `          ${replacesLine(r)}\n`),
        )
    return 0
  })
}

export async function pairVerdictCommand(
  globals: GlobalOptions,
  verdict: 'accept' | 'deny',
  id: string,
  opts: { as?: string },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    if (verdict === 'accept') {
      // the node by the name it asked with; the key's start beside it, as `status` lists writers
      const name = (await client.call('mesh.pairRequests')).find((r) => r.id === id)?.name
      const { writerKey } = await client.call('mesh.pairAccept', { id })
      process.stdout.write(`accepted: node ${name === undefined ? '' : `${name} `}${writerKey.slice(0, 12)}… is a writer of this site\n`)
    } else {
      await client.call('mesh.pairDeny', { id })
      process.stdout.write(`denied request ${id}\n`)
    }
    return 0
  })
}
