import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { COPY_BANNER } from '../../daemon/print/printer-worker.js'
import type { PrintJobRecord } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'
import { eventually } from '../helpers/eventually.js'
import { DOCUMENTS } from '../printers/documents.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { simPrinterConfig, startPrinterSim, type PrinterSimProcess } from '../helpers/printer-sim.js'

/** A daemon process with the printer "bench" on a virtual printer process: both real, over loopback. */
let sim: PrinterSimProcess
let daemon: DaemonProcess
let client: SocketClient
let dir: string
let remove: () => Promise<void>
let secret: string

async function startNode(): Promise<void> {
  daemon = await startDaemonProcess(dir, { args: ['--no-network'] })
  secret = daemon.adminSecret ?? secret
  client = await signedIn(daemon, 'admin', secret)
}

beforeEach(async () => {
  sim = await startPrinterSim()
  ;({ dir, remove } = await tempDataDir())
  await writeFile(join(dir, 'config.json'), JSON.stringify({ printers: [simPrinterConfig('bench', sim.port)] }))
  await startNode()
})
afterEach(async () => {
  client.close()
  await daemon.stop()
  await sim.stop()
  await remove()
})

const label = (code: string) => ({ ...DOCUMENTS['roll-label'], code })

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs?: number) =>
  eventually(read, what, { ok, timeoutMs })

const localPrinter = async () => (await client.call('printing.printers')).local[0]!
const jobs = () => client.call('printing.jobs', { limit: 500 })
const allPrinted = (n: number) => (list: PrintJobRecord[]) => list.length === n && list.every((j) => j.state === 'printed')
const printedCodes = async () => (await sim.jobs()).filter((j) => j.printed).map((j) => j.barcodes[0]?.value)

/**
 * Evidence for "nothing more arrived": a later job, queued after the ones under test, reached the
 * printer. The queue sends one job at a time in queue order, so a job sent again would have come
 * before it; a fixed wait (0.5-1.5 s here before) proved nothing on a slow machine.
 */
async function afterALaterJob(): Promise<void> {
  await client.call('printing.queue', { printer: 'bench', document: label('ROLL-LATER') })
  await until(printedCodes, (codes) => codes.includes('ROLL-LATER'), 'a later job to print')
}
const withoutLater = (codes: Array<string | undefined>) => codes.filter((c) => c !== 'ROLL-LATER')

/** The job the killed daemon's in-flight marker names (null: none was on the wire). */
async function inflightAtKill(): Promise<string | null> {
  try {
    return (JSON.parse(await readFile(join(dir, 'print-inflight-bench.json'), 'utf8')) as { job: string }).job
  } catch {
    return null // absent (or torn before any byte went out): nothing was in flight
  }
}

describe('the print queue, with a daemon and a virtual printer in their own processes', () => {
  it('paper out: the job is kept and nothing is sent; paper back: it prints exactly once', async () => {
    await sim.command('paper out')
    await until(localPrinter, (p) => p.state === 'paper-out', 'the daemon to see paper out')
    const { ids } = await client.call('printing.queue', { printer: 'bench', document: label('ROLL-P1') })
    const waiting = await until(localPrinter, (p) => p.queued === 1 && p.problem !== null, 'the job to wait')
    expect(waiting.problem).toMatch(/out of paper/)
    // the queue asked again and again while the job waited (each try is several DLE EOT queries)
    const asked = await sim.queries()
    await until(
      () => sim.queries(),
      (n) => n >= asked + 12,
      'several more status queries while the job waits',
    )
    expect(await sim.jobs(), 'nothing was sent to a printer without paper').toHaveLength(0)
    expect((await client.call('printing.jobs', {}))[0]).toMatchObject({ id: ids[0], state: 'queued' })

    await sim.command('paper ok')
    await until(jobs, allPrinted(1), 'the job to print')
    await afterALaterJob()
    expect(await printedCodes()).toEqual(['ROLL-P1', 'ROLL-LATER'])
    expect((await sim.jobs()).length).toBe(2)
    expect((await jobs()).find((j) => j.id === ids[0])).toMatchObject({ prints: 1, state: 'printed' })
  })

  it('printer switched off for a while: jobs wait, then print once each, in the order they were queued', async () => {
    await sim.command('power off')
    const codes = ['ROLL-A', 'ROLL-B', 'ROLL-C', 'ROLL-D', 'ROLL-E']
    for (const code of codes) await client.call('printing.queue', { printer: 'bench', document: label(code) })
    const away = await until(localPrinter, (p) => p.state === 'unreachable' && p.queued === 5, 'the printer to be unreachable')
    expect(away.problem).toMatch(/ECONNREFUSED/)
    expect(await sim.jobs(), 'nothing reached a printer that is off').toHaveLength(0)
    await sim.command('power on')
    await until(jobs, allPrinted(5), 'all five to print')
    await afterALaterJob()
    expect(withoutLater(await printedCodes())).toEqual(codes)
  })

  it('a cancelled job never prints; a reprint is a new job that prints once more', async () => {
    await sim.command('power off')
    const { ids: keep } = await client.call('printing.queue', { printer: 'bench', document: label('ROLL-KEEP') })
    const { ids: drop } = await client.call('printing.queue', { printer: 'bench', document: label('ROLL-DROP') })
    await client.call('printing.cancel', { job: drop[0]! })
    await expect(client.call('printing.cancel', { job: drop[0]! })).rejects.toThrow(/cancelled already/)
    await sim.command('power on')
    await until(jobs, (l) => l.find((j) => j.id === keep[0])?.state === 'printed', 'the kept job to print')
    await client.call('printing.reprint', { job: keep[0]! })
    await until(jobs, (l) => l.filter((j) => j.state === 'printed').length === 2, 'the reprint to print')
    await expect(client.call('printing.cancel', { job: keep[0]! })).rejects.toThrow(/printed already/)
    expect(await printedCodes()).toEqual(['ROLL-KEEP', 'ROLL-KEEP'])
    const reprint = (await jobs()).find((j) => j.copyOf === keep[0])
    expect(reprint).toMatchObject({ state: 'printed', prints: 1 })
  })

  it('found in flight after a restart: printed again once, marked COPY, as docs/printing.md says', async () => {
    // the state a crash leaves between "sent" and "recorded": the job queued, its marker on disk
    await sim.command('power off')
    const { ids } = await client.call('printing.queue', { printer: 'bench', document: label('ROLL-INFLIGHT') })
    client.close()
    await daemon.stop()
    await writeFile(join(dir, 'print-inflight-bench.json'), JSON.stringify({ job: ids[0], since: Date.now() }))
    await sim.command('power on')
    await startNode()
    await until(jobs, allPrinted(1), 'the job to print after the restart')
    const [printed] = (await sim.jobs()).filter((j) => j.printed)
    expect(printed!.lines[0]).toBe(`*** ${COPY_BANNER} ***`)
    const audit = await client.call('audit.list', { type: 'printing.printed' })
    expect(audit).toHaveLength(1)
  })

  it('killed (SIGKILL) mid-queue, restarted: every job prints; a job printed twice is only the one marked COPY', async () => {
    const codes = Array.from({ length: 30 }, (_, i) => `ROLL-K${String(i).padStart(2, '0')}`)
    await client.call('ops.submit', {
      ops: codes.map((code) => ({ type: 'printing.queue', payload: { printer: 'bench', document: label(code), copyOf: null } })),
    })
    await until(
      () => sim.jobs(),
      (j) => j.length >= 8,
      'some jobs to print',
    )
    client.close()
    await daemon.kill()
    const atKill = (await sim.jobs()).length
    expect(atKill, 'the kill landed mid-queue').toBeLessThan(30)
    const inflightJob = await inflightAtKill()
    await startNode()
    await until(jobs, allPrinted(30), 'all 30 to print after the restart', 30_000)
    await afterALaterJob()
    const inflightDocument = (await jobs()).find((j) => j.id === inflightJob)?.document
    const inflightCode = inflightDocument !== undefined && 'code' in inflightDocument ? inflightDocument.code : null
    expect(inflightCode === null, 'the marker names a job of this test').toBe(inflightJob === null)
    const received = (await sim.jobs()).filter((j) => j.barcodes[0]!.value !== 'ROLL-LATER')
    expect(received.every((j) => j.printed)).toBe(true)
    const seen = new Map<string, number>()
    for (const job of received) seen.set(job.barcodes[0]!.value, (seen.get(job.barcodes[0]!.value) ?? 0) + 1)
    expect([...seen.keys()].sort()).toEqual(codes)
    // Which job (if any) was on the wire at the kill is read from the daemon's own marker, so both
    // outcomes are checked: the loop over doubled jobs used to run only when the kill happened to
    // land in a send. The COPY banner itself is proven every run by the in-flight test above.
    const doubled = [...seen].filter(([, n]) => n > 1).map(([code]) => code)
    const marked = received.filter((j) => j.lines[0] === `*** ${COPY_BANNER} ***`).map((j) => j.barcodes[0]!.value)
    if (inflightCode === null) {
      expect(doubled, 'no job in flight at the kill: none printed twice').toEqual([])
      expect(marked, 'no job in flight at the kill: none marked COPY').toEqual([])
    } else {
      // its print may have been recorded before the kill (then it is not sent again), or not
      expect([[], [inflightCode]], 'only the job in flight at the kill may be marked COPY').toContainEqual(marked)
      expect(doubled, 'a job printed twice is the one in flight, and its second copy says COPY').toEqual(
        marked.filter((c) => seen.get(c) === 2),
      )
    }
  }, 60_000)
})
