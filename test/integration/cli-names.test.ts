import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { formatJobs } from '../../bin/commands/print.js'
import type { PrintJobRecord } from '../../protocol/index.js'
import { runCli } from '../helpers/cli.js'
import { signedIn } from '../helpers/daemon-process.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'

/**
 * The CLI's listings name people and nodes (issue #21): `history`, `attachments list` and `print
 * jobs` say who by name, `status` names this node, `pair accept` the node it let in (asserted in
 * MeshSite.pair). Ids and codes stay where they are what the next command takes (a job's id, a
 * printer's id, a node's key).
 */

let site: MeshSite | null = null
afterEach(async () => {
  await site?.close()
  site = null
})

const as = (dir: string, args: string[]) => runCli(['--data-dir', dir, ...args, '--as', 'lena7'], { OUTPOST_PIN: '4321' })

describe('names in the CLI listings', () => {
  it(
    'history and attachments list name the person, status names this node, pair accept the node it let in',
    { timeout: 150_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo') // MeshSite.pair: "accepted: node bravo 0123456789ab…"
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')

      const admin = await signedIn(a.daemon, 'admin', site.adminSecret)
      await admin.call('people.add', { id: 'lena7', name: 'Lena Ostrova', role: 'manager', pin: '4321' })
      admin.close()
      const lena = await signedIn(a.daemon, 'lena7', '4321')
      await lena.call('catalog.upsert', {
        products: [{ sku: 'POP-NV', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }],
        locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }],
      })
      const { rolls } = await lena.call('stock.receive', {
        product: 'POP-NV',
        lot: 'L1',
        location: 'A-01',
        quantity: '40',
        rolls: 1,
        printer: null,
      })
      const roll = rolls[0]!
      const photo = join(a.dir, 'tag.jpg')
      await writeFile(photo, Buffer.alloc(1024, 1))
      await lena.call('attachments.add', { entity: roll, path: photo })
      lena.close()

      const history = await as(a.dir, ['history', roll])
      expect(history.code, history.stderr).toBe(0)
      expect(history.stdout).toMatch(/stock\.receive\s+Lena Ostrova\s+on \S+\s+stood/)
      expect(history.stdout).not.toMatch(/\blena7\b/)

      const attachments = await as(a.dir, ['attachments', 'list', roll])
      expect(attachments.code, attachments.stderr).toBe(0)
      expect(attachments.stdout).toMatch(/tag\.jpg\s+1024 bytes {2}by Lena Ostrova {2}here/)

      const status = await runCli(['--data-dir', b.dir, 'status'])
      expect(status.stdout).toMatch(/^node {6}bravo {2}[0-9a-f]{64}$/m)
    },
  )

  it('print jobs: who queued each job by name; the job and printer ids stay, they are what reprint and --printer take', () => {
    const job = { id: '0mx6szs730000-93f8031f', printer: 'bench', state: 'printed', person: 'lena7', prints: 1 }
    const document = { kind: 'pick-list', order: 'SO-7' }
    const line = formatJobs(
      [{ ...job, document } as unknown as PrintJobRecord],
      [{ id: 'lena7', name: 'Lena Ostrova', role: 'manager', active: true }],
    )
    expect(line).toMatch(/^0mx6szs730000-93f8031f {2}bench\s+printed\s+.*Lena Ostrova\n$/)
    // someone the site no longer lists: their id, not nothing
    expect(formatJobs([{ ...job, person: 'gone1', document } as unknown as PrintJobRecord])).toMatch(/gone1\n$/)
  })
})
