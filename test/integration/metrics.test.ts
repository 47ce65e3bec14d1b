import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const promtool = hasTool('promtool', '--version')

let daemon: DaemonProcess | null = null
let removeDir: (() => Promise<void>) | null = null
afterEach(async () => {
  await daemon?.stop()
  daemon = null
  await removeDir?.()
})

interface Endpoints {
  metrics: string
  health: string
  ready: string
  pid: number
}

const endpoints = async (dir: string) => JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as Endpoints

/** The value of one sample of a Prometheus text, by its name and label text; null when absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '))
  return line === undefined ? null : Number(line.slice(series.length + 1))
}

async function start(): Promise<DaemonProcess> {
  const tmp = await tempDataDir()
  removeDir = tmp.remove
  daemon = await startDaemonProcess(tmp.dir)
  return daemon
}

describe('metrics', () => {
  it(
    `a scrape of a busy daemon passes promtool and counts what happened${skipReason('promtool', promtool)}`,
    { timeout: 120_000 },
    async () => {
      const d = await start()
      const ep = await endpoints(d.dataDir)
      expect(ep.metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
      const admin = await signedIn(d, 'admin', d.adminSecret ?? '')
      // busy: writes, scans, refusals and a made-up method, while scrapes go on
      const scrapes: string[] = []
      let writing = true
      const scraping = (async () => {
        while (writing) scrapes.push(await (await fetch(ep.metrics)).text())
      })()
      for (let i = 0; i < 40; i++) await admin.call('notes.post', { text: `note ${i}` })
      await admin.call('scan.resolve', { code: 'NOTHING-HERE' })
      await admin.callRaw('no.such.method', {}).catch(() => undefined)
      await admin.callRaw('notes.post', { text: 5 }).catch(() => undefined)
      // a thousand made-up method names must not make a thousand series
      for (let i = 0; i < 50; i++) await admin.callRaw(`made.up${i}`, {}).catch(() => undefined)
      writing = false
      await scraping
      admin.close()
      const text = await (await fetch(ep.metrics)).text()
      expect(scrapes.length).toBeGreaterThan(0)

      expect(sample(text, 'outpost_socket_requests_total{method="notes.post",outcome="ok"}')).toBe(40)
      expect(sample(text, 'outpost_socket_requests_total{method="notes.post",outcome="E_INVALID_PARAMS"}')).toBe(1)
      expect(sample(text, 'outpost_socket_requests_total{method="unknown",outcome="E_UNKNOWN_METHOD"}')).toBe(51)
      expect(text).not.toContain('made.up')
      expect(sample(text, 'outpost_socket_request_duration_seconds_count{method="notes.post"}')).toBe(41)
      expect(sample(text, 'outpost_operations_folded_total{type="notes.post",outcome="applied"}')).toBe(40)
      expect(sample(text, 'outpost_scans_total{kind="unknown"}')).toBe(1)
      expect(sample(text, 'outpost_fold_lag_blocks')).toBe(0)
      expect(sample(text, 'outpost_log_blocks{log="local"}')).toBeGreaterThanOrEqual(41)
      expect(sample(text, 'outpost_process_resident_memory_bytes')).toBeGreaterThan(10_000_000)
      expect(text).toMatch(/^outpost_info\{version="[^"]+",protocol="\d+",nodejs="v[^"]+"\} 1$/m)

      if (!promtool) return
      for (const scraped of [text, scrapes[Math.floor(scrapes.length / 2)] ?? text]) {
        const check = spawnSync('promtool', ['check', 'metrics'], { input: scraped, encoding: 'utf8' })
        expect(check.stdout + check.stderr).toBe('')
        expect(check.status).toBe(0)
      }
    },
  )

  it('status --json names the metrics and health addresses, the same the daemon wrote', { timeout: 60_000 }, async () => {
    const d = await start()
    const ep = await endpoints(d.dataDir)
    const status = await runCli(['--data-dir', d.dataDir, 'status', '--json'])
    expect(status.code).toBe(0)
    const http = (JSON.parse(status.stdout) as { http: unknown }).http
    expect(http).toEqual({ metrics: ep.metrics, health: ep.health, ready: ep.ready })
  })
})

describe('health and readiness', () => {
  it('alive and ready while it runs, neither once stopped, and ready again after a restart', { timeout: 120_000 }, async () => {
    const d = await start()
    const dir = d.dataDir
    const admin = await signedIn(d, 'admin', d.adminSecret ?? '')
    for (let i = 0; i < 20; i++) await admin.call('notes.post', { text: `before ${i}` })
    admin.close()
    const ep = await endpoints(dir)
    expect((await fetch(ep.health)).status).toBe(200)
    const ready = await fetch(ep.ready)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ready: true, checks: { node: true, folded: true, socket: true }, reason: null })
    const health = await runCli(['--data-dir', dir, 'health'])
    expect([health.code, health.stdout]).toEqual([0, 'ready\n'])

    expect(await d.stop()).toBe(0)
    daemon = null
    const down = await runCli(['--data-dir', dir, 'health'])
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/^outpost: no daemon runs for .* \(E_NO_DAEMON\)\n$/)

    // restart: health answers as soon as the process listens; ready comes once the view is caught up
    daemon = await startDaemonProcess(dir)
    const again = await endpoints(dir)
    await eventually(() => runCli(['--data-dir', dir, 'health']), 'outpost health exits 0 after the restart', {
      ok: (r) => r.code === 0,
    })
    expect((await fetch(again.health)).status).toBe(200)
    const after = await signedIn(daemon, 'admin', d.adminSecret ?? '')
    expect((await after.call('notes.list', {})).length).toBe(20)
    after.close()
  })

  it('a daemon killed without a goodbye is reported not running (exit 1), not ready by a stale file', { timeout: 60_000 }, async () => {
    const d = await start()
    await d.kill()
    daemon = null
    const r = await runCli(['--data-dir', d.dataDir, 'health', '--alive'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/does not answer at http:\/\/127\.0\.0\.1:\d+\/health: it is not running \(E_NO_DAEMON\)\n$/)
  })
})

/** Raw bytes to the HTTP port; resolves with what came back before the server closed (or the time-out). */
function rawHttp(port: number, bytes: Buffer | string, waitMs = 10_000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    let got = ''
    const timer = setTimeout(() => (s.destroy(), resolve(got + '[still open]')), waitMs)
    s.on('data', (c) => (got += c.toString('latin1')))
    s.on('close', () => (clearTimeout(timer), resolve(got)))
    s.on('error', () => undefined)
    s.write(bytes)
  })
}

describe('hostile HTTP input', () => {
  it(
    'wrong methods, paths, encodings, oversized headers, a slow client and a flood are refused; the daemon keeps serving',
    { timeout: 120_000 },
    async () => {
      const d = await start()
      const ep = await endpoints(d.dataDir)
      const base = new URL(ep.metrics)
      const port = Number(base.port)

      const post = await fetch(ep.metrics, { method: 'POST', body: 'x'.repeat(1_000_000) })
      expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD'])
      expect(await post.text()).toBe('only GET and HEAD are served\n')
      for (const path of ['/', '/metrics/', '/metrics.txt', '/health%00', '/ready%2F..%2F..%2Fetc%2Fpasswd']) {
        const r = await fetch(new URL(path, base))
        expect([path, r.status]).toEqual([path, 404])
      }
      // HEAD: headers, no body
      const head = await fetch(ep.ready, { method: 'HEAD' })
      expect([head.status, await head.text()]).toEqual([200, ''])
      // a request line that is not HTTP, bytes that are not UTF-8, a header of 20 kB
      expect(await rawHttp(port, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /)
      expect(await rawHttp(port, Buffer.from([0x47, 0x45, 0x54, 0x20, 0x2f, 0xff, 0xfe, 0x20, 0x48, 0x0d, 0x0a, 0x0d, 0x0a]))).toMatch(
        /^HTTP\/1\.1 400 /,
      )
      const big = `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`
      expect(await rawHttp(port, big)).toMatch(/^HTTP\/1\.1 431 /)
      // slowloris: headers begun and never ended are cut off (headersTimeout, 5 s), not kept for ever
      const slow = await rawHttp(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\n', 30_000)
      expect(slow).toMatch(/^HTTP\/1\.1 408 /)
      // a flood of parallel scrapes: each answered or refused, none hangs, and the node is intact
      const flood = await Promise.all(
        Array.from({ length: 100 }, () =>
          fetch(ep.ready).then(
            (r) => r.status,
            () => 'refused',
          ),
        ),
      )
      expect(flood.filter((s) => s === 200).length).toBeGreaterThan(0)
      expect(flood.every((s) => s === 200 || s === 503 || s === 'refused')).toBe(true)
      await eventually(async () => (await fetch(ep.ready)).status, 'ready after the flood', { ok: (s) => s === 200 })
      const client = await d.connect()
      expect((await client.call('system.status')).halted).toBeNull()
      client.close()
    },
  )
})
