import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startBenchDaemon } from './bench-daemon.js'
import { buildSite, type BuiltSite } from './restart-site.js'
import { percentile, printTable, verdict, type Row } from './table.js'

/**
 * Restart to ready with a big view (issue #15 point 5: under 1 s with 1,000,000 rolls).
 *
 *   npm run bench restart -- [--rolls 100000] [--runs 5] [--keep DIR] [--no-network]
 *
 * Builds a site of N rolls (blocks of 10,000 rolls: see restart-site.ts), stops it, and times
 * restarts: spawn -> the socket answers system.status with the view where it was before the stop
 * (same seq and hash: caught up with the local log) -> a signed-in scan.resolve of a roll answers.
 * Building 1M rolls takes many minutes: --keep DIR builds once into DIR and reuses it after.
 * An empty site restarts in the same run, turn about with the big one: the anchor, so the
 * figure reads as a ratio on a loaded machine.
 */

interface Restart {
  /** CPU time the daemon used until ready (user + system, sign-in included): what the machine's load does not stretch. */
  cpuMs: number
  statusMs: number
  signInMs: number
  scanMs: number
  readyMs: number
}

/** utime + stime of a process, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** One restart of a built site: spawn -> status caught up -> sign-in -> a roll's scan answered. */
async function restart(bin: string, dir: string, built: BuiltSite, code: string, args: string[]): Promise<Restart> {
  const t0 = performance.now()
  // from its socket's first answer, not its ready line: a client is served from there (the mesh and
  // the other services open after it)
  const daemon = await startBenchDaemon(bin, dir, args, {}, 'socket')
  try {
    const client = await daemon.connect()
    try {
      // the socket may answer before the view is where it was: poll, bounded
      for (let i = 0; ; i++) {
        const status = await client.call('system.status')
        if (status.view.seq === built.seq && status.view.hash === built.hash) break
        if (i > 2000) throw new Error(`the view did not catch up: seq ${status.view.seq} of ${built.seq}`)
        await new Promise((r) => setTimeout(r, 5))
      }
      const statusMs = performance.now() - t0
      await client.call('session.signIn', { person: 'admin', pin: built.adminSecret })
      const signInMs = performance.now() - t0 - statusMs
      const s = performance.now()
      const resolved = await client.call('scan.resolve', { code })
      const scanMs = performance.now() - s
      const cpuMs = cpuMsOf(daemon.proc.pid!)
      if (built.rolls > 0 && resolved.kind !== 'roll') throw new Error(`${code} resolved as ${resolved.kind}`)
      return { cpuMs, statusMs, signInMs, scanMs, readyMs: statusMs + scanMs }
    } finally {
      client.close()
    }
  } finally {
    await daemon.stop()
  }
}

export async function benchRestart(bin: string, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rolls: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '5' },
      keep: { type: 'string' },
      'no-network': { type: 'boolean', default: false },
    },
  })
  const rolls = Number(values.rolls)
  const runs = Number(values.runs)
  const args = values['no-network'] ? ['--no-network'] : ['--host', '127.0.0.1', '--port', '0']
  const tmp = await mkdtemp(join(tmpdir(), 'op-bench-restart-'))
  try {
    const bigDir = values.keep !== undefined ? resolve(values.keep) : join(tmp, 'big')
    const big = await buildSite(bigDir, rolls)
    const empty = await buildSite(join(tmp, 'empty'), 0)
    const times = { big: [] as Restart[], empty: [] as Restart[] }
    for (let run = 0; run < runs; run++) {
      times.empty.push(await restart(bin, join(tmp, 'empty'), empty, 'RB-none', args))
      times.big.push(await restart(bin, bigDir, big, big.sample[run % big.sample.length]!, args))
    }
    const summary = (list: Restart[], key: keyof Restart) => {
      const sorted = list.map((r) => r[key]).sort((a, b) => a - b)
      return { p50: percentile(sorted, 50), max: sorted.at(-1) ?? NaN }
    }
    const ms = (n: number) => `${n.toFixed(0)} ms`
    const rows: Row[] = []
    for (const [label, list, n] of [
      ['empty site (anchor)', times.empty, 0],
      [`${big.rolls.toLocaleString('en')} rolls, ${big.seq.toLocaleString('en')} ops`, times.big, big.rolls],
    ] as const) {
      const ready = summary(list, 'readyMs')
      rows.push(
        { measure: `${label}: spawn -> status caught up`, value: `p50 ${ms(summary(list, 'statusMs').p50)}`, target: '', verdict: '' },
        { measure: `${label}: first scan.resolve`, value: `p50 ${ms(summary(list, 'scanMs').p50)}`, target: '', verdict: '' },
        {
          measure: `${label}: daemon CPU until ready (incl. sign-in)`,
          value: `p50 ${ms(summary(list, 'cpuMs').p50)}`,
          target: '',
          verdict: '',
        },
        { measure: `${label}: sign-in (scrypt, not counted)`, value: `p50 ${ms(summary(list, 'signInMs').p50)}`, target: '', verdict: '' },
        {
          measure: `${label}: restart to ready`,
          value: `p50 ${ms(ready.p50)}, max ${ms(ready.max)}`,
          target: n > 0 ? 'under 1 s' : '',
          verdict: n > 0 ? verdict(ready.max < 1000) : '',
        },
      )
    }
    const ratio = summary(times.big, 'readyMs').p50 / summary(times.empty, 'readyMs').p50
    rows.push({ measure: 'ratio big/empty, restart to ready p50', value: `${ratio.toFixed(2)}x`, target: '', verdict: '' })
    printTable(
      `Restart to ready (${runs} runs each, ${values['no-network'] ? 'no network' : 'loopback DHT'}, Node ${process.version})`,
      rows,
    )
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}
