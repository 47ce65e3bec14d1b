import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ATTACHMENT_BLOCK_BYTES } from '../../protocol/index.js'
import { pairedSite, rawReplication, signedIn, statuses, untilConverged, type BenchNode } from './bench-site.js'
import { printTable, type Row } from './table.js'

/** The photo: 2 MB, random (a JPEG does not compress either). */
const PHOTO_BYTES = 2 * 1024 * 1024
const RUNS = Number(process.env.BENCH_ATTACHMENT_RUNS ?? 5)

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`

/** The floor: the same bytes in 64 KiB blocks between two Corestores piped in one process. */
function rawPhotoReplication(dir: string): Promise<number> {
  const bytes = randomBytes(PHOTO_BYTES)
  const blocks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += ATTACHMENT_BLOCK_BYTES) blocks.push(bytes.subarray(at, at + ATTACHMENT_BLOCK_BYTES))
  return rawReplication(
    dir,
    async (core) => void (await core.append(blocks)),
    (copy) => Promise.all(blocks.map((_, i) => copy.get(i))),
  )
}

/**
 * `npm run bench attachments`: a 2 MB photo attached on node A, opened on node B (two daemons on
 * loopback): the time of B's `attachments.open` that fetches it, against a second open on B (the
 * bytes local) and against raw Hypercore replication of the same blocks in one process.
 */
export async function benchAttachments(bin: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-attach-'))
  const nodes: BenchNode[] = []
  try {
    const site = await pairedSite(bin, dir, ['alpha', 'bravo'])
    nodes.push(...site.nodes)
    const secret = site.secret
    const [a, b] = nodes as [BenchNode, BenchNode]
    // B signs in with the admin's PIN once it has folded the people A's log holds
    const seq = (await statuses([a]))[0]!.view.seq
    await untilConverged(nodes, seq, performance.now())
    const onA = await signedIn(a, secret)
    const onB = await signedIn(b, secret)
    const { device } = await onA.call('repairs.intake', {
      serial: 'SN-BENCH',
      product: 'Tablet',
      fault: 'cracked',
      condition: 'boxed',
      printer: null,
    })
    const fetched: number[] = []
    const local: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const photo = join(dir, `photo-${run}.jpg`)
      await writeFile(photo, randomBytes(PHOTO_BYTES))
      const { id } = await onA.call('attachments.add', { entity: device, path: photo })
      // B has the record (the log replicated), not the bytes
      for (const deadline = Date.now() + 60_000; ;) {
        const s = await statuses(nodes)
        if (s[0]!.view.hash === s[1]!.view.hash) break
        if (Date.now() > deadline) throw new Error('bravo never got the attachment record')
        await new Promise((r) => setTimeout(r, 20))
      }
      let started = performance.now()
      const first = await onB.call('attachments.open', { id, path: join(dir, `out-${run}.jpg`) })
      fetched.push(performance.now() - started)
      if (!first.fetched) throw new Error('bravo held the bytes before it opened them')
      started = performance.now()
      await onB.call('attachments.open', { id, path: join(dir, `again-${run}.jpg`) })
      local.push(performance.now() - started)
    }
    onA.close()
    onB.close()
    const raw: number[] = []
    for (let run = 0; run < 3; run++) raw.push(await rawPhotoReplication(join(dir, `raw-${run}`)))
    const rows: Row[] = [
      { measure: `2 MB photo opened on B, fetched from A (${RUNS} runs)`, value: ms(fetched), target: 'measured', verdict: '' },
      { measure: 'the same opened again on B (local)', value: ms(local), target: 'anchor', verdict: '' },
      { measure: 'raw Hypercore, same blocks, one process', value: ms(raw), target: 'anchor', verdict: '' },
      { measure: 'fetch vs raw replication', value: `${(median(fetched) / median(raw)).toFixed(2)}x`, target: 'ratio', verdict: '' },
      {
        measure: 'throughput of the fetch',
        value: `${(PHOTO_BYTES / 1024 / 1024 / (median(fetched) / 1000)).toFixed(1)} MiB/s`,
        target: '',
        verdict: '',
      },
    ]
    printTable('attachments: a 2 MB photo between two nodes on loopback', rows)
  } finally {
    for (const n of nodes) await n.daemon?.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
