import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printTable, verdict, type Row } from './table.js'

const SCANS = Number(process.env.BENCH_SCANS ?? 150)
const CHARS_PER_SECOND = 1000
/** The demo's own codes: a split of these can be mended (the site knows them). */
const DEMO_CODES = ['R-DEMO-11', 'R-DEMO-12', 'LOC-A011', '8690000000028', 'R-DEMO-41', 'LOC-C042']

/**
 * `npm run bench scans`: how many scans a second the TUI takes whole from a wedge scanner typing
 * at 1,000 characters a second (Honeywell's and Datalogic's default: no inter-character delay),
 * on a loaded machine (two busy processes) against the same with no load. The scans go through a
 * tmux control-mode client into the demo's Stock lookup, back to back with a pause between codes;
 * the TUI's scan log (OUTPOST_SCAN_LOG) says what its screens received, so each code is counted
 * whole, split (its parts arrived as several scans or keys), merged (in one scan with another) or
 * lost. A last row has the demo's own codes stalled 60-200 ms after their first character, with no
 * scanner prefix: the splits that timing cannot see, which the TUI mends by asking the daemon.
 */
export async function benchScans(bin: string): Promise<void> {
  if (spawnFails('tmux', ['-V'])) {
    process.stdout.write('\nscans: tmux is not installed (apt-get install tmux): skipped\n')
    return
  }
  const random = seeded(1015)
  const longCodes = Array.from({ length: SCANS }, (_, i) => {
    const length = 12 + Math.floor(random() * 29) // 12-40 characters
    return `SCAN-${String(i).padStart(5, '0')}-${'X7Q2M9KD4'.repeat(5)}`.slice(0, length)
  })
  const demo = Array.from({ length: 60 }, (_, i) => DEMO_CODES[i % DEMO_CODES.length]!)
  const timing: Run[] = []
  for (const load of [0, 2]) for (const gapMs of [50, 10, 0]) timing.push({ load, gapMs, codes: longCodes, stall: false })
  timing.push({ load: 2, gapMs: 50, codes: demo, stall: true })
  const rows = await session(bin, null, timing, random)
  // a scanner programmed to send the AIM identifier (]C0) before each code: timing decides nothing
  const framed: Run[] = [
    { load: 0, gapMs: 0, codes: longCodes, stall: false },
    { load: 2, gapMs: 0, codes: longCodes, stall: false },
    { load: 2, gapMs: 0, codes: longCodes, stall: true },
  ]
  rows.push(...(await session(bin, ']C0', framed, random)))
  const rate = (measure: string) => Number(rows.find((r) => r.measure.startsWith(measure))?.value.split(' ')[0])
  const loaded = rate(']C0 + 150 scans of 12-40 chars, 0 ms between, 2 busy')
  const idle = rate(']C0 + 150 scans of 12-40 chars, 0 ms between, no load')
  rows.push({
    measure: 'framed, back to back: loaded / no load',
    value: `${((100 * loaded) / idle).toFixed(0)} %`,
    target: '',
    verdict: '',
  })
  printTable(`Scans into the TUI (tmux, Stock lookup) at ${CHARS_PER_SECOND} chars/s; no prefix (timing mode), then AIM prefix`, rows)
}

interface Run {
  load: number
  gapMs: number
  codes: string[]
  /** A 60-200 ms stall after the code's first character. */
  stall: boolean
}

async function session(bin: string, prefix: string | null, runs: Run[], random: () => number): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-scans-'))
  const log = join(dir, 'scans.log')
  const name = `outpost-bench-scans-${process.pid}`
  const args = [process.execPath, bin, '--demo', ...(prefix === null ? [] : ['--scan-prefix', 'aim']), '--data-dir', join(dir, 'node')]
  const tui = new Terminal(name, args.join(' '), {
    NO_COLOR: '1',
    TERM: 'xterm-256color',
    OUTPOST_SCAN_LOG: log,
  })
  const busy: ChildProcess[] = []
  const rows: Row[] = []
  try {
    await tui.waitFor((s) => s.includes('Sign in') && s.includes('Demo stock room'), 90_000)
    for (const text of ['ana', '2222']) {
      for (const ch of text) {
        tui.send(`send-keys -t ${name} -l ${ch}`)
        await sleep(300)
      }
      tui.send(`send-keys -t ${name} Enter`)
      await sleep(300)
    }
    await tui.waitFor((s) => s.includes('Menu — Ana Silva'), 30_000)
    tui.send(`send-keys -t ${name} 7`)
    await tui.waitFor((s) => s.includes('Stock lookup'), 30_000)
    for (const run of runs) {
      while (busy.length < run.load) busy.push(busyProcess())
      await sleep(run.load > 0 ? 1000 : 0) // the busy processes get going
      const from = existsSync(log) ? readFileSync(log, 'utf8').length : 0
      const t0 = performance.now()
      for (const code of run.codes) {
        const stallMs = 60 + Math.floor(random() * 140)
        await tui.scan((prefix ?? '') + code, run.stall ? { stallAt: (prefix ?? '').length + 1, stallMs } : {})
        if (run.gapMs > 0) await sleep(run.gapMs)
      }
      const sendSeconds = (performance.now() - t0) / 1000
      const received = await settled(log, from, run.codes.length)
      const c = count(run.codes, received)
      const rate = run.codes.length / sendSeconds
      // a mended split's head reached the screen as a key first (nobody took it): not stray
      const mended = run.stall && prefix === null
      const clean = c.whole === run.codes.length && (mended || c.keys === 0)
      const what = `${DEMO_CODES.includes(run.codes[0]!) ? 'demo codes' : `${run.codes.length} scans of 12-40 chars`}${run.stall ? ', 60-200 ms stall after char 1' : ''}`
      rows.push({
        measure: `${prefix === null ? '' : `${prefix} + `}${what}, ${run.gapMs} ms between, ${run.load === 0 ? 'no load' : `${run.load} busy processes`}`,
        value: `${rate.toFixed(1)} scans/s`,
        target: `whole ${c.whole}/${run.codes.length}, split ${c.split}, merged ${c.merged}, lost ${c.lost}, ${mended ? 'heads mended' : 'stray keys'} ${c.keys}`,
        verdict: verdict(clean),
      })
      for (const p of busy.splice(0)) p.kill('SIGKILL')
    }
    // quit from the menu: the TUI stops the daemon it started (killing tmux would leave it running)
    tui.send(`send-keys -t ${name} Escape`)
    await tui.waitFor((s) => s.includes('Menu — Ana Silva'), 30_000)
    tui.send(`send-keys -t ${name} q`)
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline && execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(dir)) await sleep(100)
  } finally {
    for (const p of busy.splice(0)) p.kill('SIGKILL')
    tui.kill()
    await rm(dir, { recursive: true, force: true })
  }
  return rows
}

interface Received {
  scans: string[]
  /** Characters that reached the screens as keys (a split head). */
  keys: number
}

/** What the screens received since `from`, once all `expected` scans are in or nothing came for 5 s. */
async function settled(log: string, from: number, expected: number): Promise<Received> {
  let last = ''
  let quietSince = performance.now()
  for (;;) {
    const text = existsSync(log) ? readFileSync(log, 'utf8').slice(from) : ''
    const lines = text.split('\n').filter((l) => l !== '')
    const scans = lines.filter((l) => l.startsWith('scan ')).map((l) => l.slice(5))
    const keys = lines.filter((l) => l.startsWith('key ') && l.length === 5).length
    if (scans.length >= expected) return { scans, keys }
    if (text !== last) quietSince = performance.now()
    last = text
    if (performance.now() - quietSince > 5000) return { scans, keys }
    await sleep(50)
  }
}

/** Each code sent: whole (received as it is, in order), split, merged with another, or lost. */
function count(sent: string[], got: Received): { whole: number; split: number; merged: number; lost: number; keys: number } {
  let whole = 0
  let split = 0
  let merged = 0
  let j = 0
  for (const code of sent) {
    const at = got.scans.indexOf(code, j)
    if (at >= 0) {
      whole++
      j = at + 1
    } else if (got.scans.some((s) => s.length > code.length && s.includes(code))) merged++
    else if (got.scans.some((s) => s.length < code.length && code.endsWith(s))) split++
  }
  return { whole, split, merged, lost: sent.length - whole - split - merged, keys: got.keys }
}

/** A program in a detached tmux session, driven through one control-mode client (no process per key). */
class Terminal {
  private readonly control: ChildProcess

  constructor(
    readonly name: string,
    command: string,
    env: Record<string, string>,
  ) {
    const vars = Object.entries(env)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ')
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '80', '-y', '24', `env ${vars} ${command}`])
    this.control = spawn('tmux', ['-C', 'attach-session', '-t', name], { stdio: ['pipe', 'ignore', 'ignore'] })
  }

  send(command: string): void {
    this.control.stdin!.write(`${command}\n`)
  }

  /** The code at 1,000 chars/s on a schedule (a late timer is caught up, as a scanner's buffer would), then Enter. */
  async scan(code: string, opts: { stallAt?: number; stallMs?: number }): Promise<void> {
    let clock = Date.now()
    for (let i = 0; i < code.length; i++) {
      if (i === opts.stallAt) clock += opts.stallMs ?? 0
      clock += 1000 / CHARS_PER_SECOND
      if (clock > Date.now()) await sleep(clock - Date.now())
      this.send(`send-keys -t ${this.name} -l ${JSON.stringify(code[i])}`)
    }
    this.send(`send-keys -t ${this.name} Enter`)
  }

  async waitFor(test: (screen: string) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' })
      if (test(screen)) return
      if (Date.now() > deadline) throw new Error(`scans bench: the TUI did not get there; screen:\n${screen}`)
      await sleep(50)
    }
  }

  kill(): void {
    this.control.kill()
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' })
    } catch {
      // the session ended by itself
    }
  }
}

function busyProcess(): ChildProcess {
  const loop =
    'const end = Date.now() + 600000; const parent = process.ppid; for (let i = 1; Date.now() < end; i++) if (i % 1e6 === 0) { try { process.kill(parent, 0) } catch { break } }'
  return spawn(process.execPath, ['-e', loop], { stdio: 'ignore' })
}

function spawnFails(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' })
    return false
  } catch {
    return true
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}
