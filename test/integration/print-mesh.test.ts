import { afterEach, describe, expect, it } from 'vitest'
import { signedIn } from '../helpers/daemon-process.js'
import { MeshSite } from '../helpers/mesh-site.js'
import { simPrinterConfig, startPrinterSim, type PrinterSimProcess } from '../helpers/printer-sim.js'
import { DOCUMENTS } from '../printers/documents.js'
import { eventually } from '../helpers/eventually.js'

let site: MeshSite
let sim: PrinterSimProcess
afterEach(async () => {
  await site?.close()
  await sim?.stop()
})

describe('printing across the mesh (two daemon processes, a virtual printer process)', () => {
  it('a job queued on node B is printed once by the printer on node A, and B sees it printed', { timeout: 90_000 }, async () => {
    sim = await startPrinterSim()
    site = new MeshSite()
    const a = await site.found('alpha', [], {}, { printers: [simPrinterConfig('bench', sim.port)] })
    const address = (await site.status(a)).network.address!
    const b = await site.pair(a, 'bravo', ['--direct', address])
    await site.until((s) => s.every((x) => x.node.writable && x.peers.some((p) => p.online)), 'both writable and connected')

    const onB = await signedIn(b.daemon, 'admin', site.adminSecret)
    try {
      // B knows the printer from A's announcement, though it hangs on A
      const printers = await onB.call('printing.printers')
      expect(printers.site).toEqual([expect.objectContaining({ id: 'bench', node: (await site.status(a)).node.key })])
      expect(printers.local).toEqual([])
      const { ids } = await onB.call('printing.queue', { printer: 'bench', document: { ...DOCUMENTS['roll-label'], code: 'ROLL-FROM-B' } })
      await eventually(
        async () => (await onB.call('printing.jobs', {})).find((j) => j.id === ids[0])?.state,
        'B to see the print A recorded',
        {
          ok: (state) => state === 'printed',
          intervalMs: 100,
        },
      )
      const received = await sim.jobs()
      expect(received.map((j) => [j.printed, j.barcodes[0]?.value])).toEqual([[true, 'ROLL-FROM-B']])
      // the print is recorded by A's node, the only one allowed to
      const audit = await onB.call('audit.list', { type: 'printing.printed' })
      expect(audit.map((e) => e.node)).toEqual([(await site.status(a)).node.key])
    } finally {
      onB.close()
    }
  })
})
