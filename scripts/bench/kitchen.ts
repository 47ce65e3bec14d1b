import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { freeUdpPortPair } from '../../daemon/net/ports.js'
import type { SocketClient } from '../../client/socket-client.js'
import { startBenchDaemon } from './bench-daemon.js'
import { boardScreen } from './kitchen-board.js'
import { pair, signedIn, statuses, type BenchNode } from './mesh.js'
import { percentile, printTable, verdict, type Row } from './table.js'

/**
 * `npm run bench kitchen` (issue #17), the daemon side; the board's render is kitchen-board.ts.
 * 1. A ticket entered on node A until its tile is drawn on B's board: B's screen listens for
 *    view.changed, asks tickets.board and draws the board (Ink, 80x24), as the TUI does. Beside it, the anchor measured in the
 *    same run, interleaved: a note posted on A until B's notes.list holds it (the same path without
 *    the kitchen), so the ratio says what the ticket path adds on this (shared, noisy) machine.
 * 2. A lunch rush: three nodes each entering 100 tickets at once; time until every node has
 *    folded all 300 and their boards are equal.
 */
const SAMPLES = Number(process.env.BENCH_KITCHEN_SAMPLES ?? 200)
const RUSH = Number(process.env.BENCH_KITCHEN_RUSH ?? 100)

async function setUpKitchen(client: SocketClient): Promise<void> {
  await client.call('stations.set', { id: 'grill', name: 'Grill' })
  await client.call('stations.set', { id: 'cold', name: 'Cold' })
  await client.call('stations.set', { id: 'expo', name: 'Expo', kind: 'expo' })
  await client.call('menu.set', { id: 'burger', number: 1, name: 'Burger', category: 'mains', price: 1250, station: 'grill' })
  await client.call('menu.set', { id: 'salad', number: 2, name: 'Salad', category: 'starters', price: 700, station: 'cold' })
  await client.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1', id: 'lunch' })
}

/** Resolves when `seen()` holds, checked on every view.changed pushed to `client` (and once now). */
function whenSeen(client: SocketClient, seen: () => Promise<boolean>): { done: Promise<void>; off: () => void } {
  let off = () => {}
  const done = new Promise<void>((resolve, reject) => {
    let busy = false
    let again = false
    const check = async () => {
      if (busy) {
        again = true
        return
      }
      busy = true
      try {
        do {
          again = false
          if (await seen()) return resolve()
        } while (again)
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)))
      } finally {
        busy = false
      }
    }
    off = client.onEvent('view.changed', () => void check())
    void check()
  })
  return { done, off: () => off() }
}

const ms = (x: number) => `${x.toFixed(1)} ms`

export async function benchKitchen(bin: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-kitchen-'))
  const nodes: BenchNode[] = []
  try {
    for (const name of ['alpha', 'bravo', 'charlie'])
      nodes.push({ name, dir: join(dir, name), net: ['--host', '127.0.0.1', '--port', String(await freeUdpPortPair())], daemon: null })
    const [a, b, c] = nodes as [BenchNode, BenchNode, BenchNode]
    a.daemon = await startBenchDaemon(bin, a.dir, a.net)
    const secret = a.daemon.adminSecret ?? ''
    await pair(bin, a, b, secret)
    const writer = await signedIn(a, secret)
    await setUpKitchen(writer)
    const screen = await signedIn(b, secret)
    await screen.call('view.subscribe')
    const seq = (await statuses([a]))[0]!.view.seq
    const pair1 = [a, b]
    await until(async () => (await statuses(pair1)).every((s) => s.view.seq === seq && s.node.writable), 'the kitchen on A and B')

    // 1. A -> B, one at a time, interleaved with the anchor: first with A and B alone (the issue's
    // A -> B; a site's nodes are separate machines), then with C paired too, three daemons sharing
    // this machine's two cores (each write on A then costs its two peers' work on the same cores)
    const two = await latency(writer, screen, 'L2')
    await pair(bin, a, c, secret)
    await until(async () => (await statuses(nodes)).every((s) => s.node.writable), 'charlie to be a writer')
    const three = await latency(writer, screen, 'L3')

    // 2. the lunch rush: 3 nodes x RUSH tickets at once
    const clients = await Promise.all(nodes.map((n) => signedIn(n, secret)))
    const before = (await statuses(nodes))[0]!.view.seq
    const rushStarted = performance.now()
    const entered = await Promise.all(
      clients.map(async (c, k) => {
        const t0 = performance.now()
        // ten counters per node entering at once
        await Promise.all(
          Array.from({ length: 10 }, async (_, lane) => {
            for (let i = lane; i < RUSH; i += 10)
              await c.call('tickets.fire', {
                id: `R-${nodes[k]!.name}-${i}`,
                label: `rush ${i}`,
                items: [{ item: 1 }, { item: 2, qty: 2 }],
              })
          }),
        )
        return performance.now() - t0
      }),
    )
    // every fire is one operation (no chit printer here)
    const total = before + nodes.length * RUSH
    await until(async () => {
      const s = await statuses(nodes)
      return s.every((x) => x.view.seq >= total && x.view.hash === s[0]!.view.hash)
    }, 'the rush to converge')
    const converged = performance.now() - rushStarted
    const boards = await Promise.all(clients.map((c) => c.call('tickets.board', {})))
    const same = boards.every((x) => JSON.stringify(x.tickets) === JSON.stringify(boards[0]!.tickets))
    const open = boards[0]!.tickets.filter((t) => t.id.startsWith('R-')).length
    for (const c of [...clients, writer, screen]) c.close()

    printTable('kitchen (daemons on loopback, one 2-core machine)', [
      ...latencyRows(two, 'A and B', true),
      ...latencyRows(three, 'A, B and C', false),
      {
        measure: `lunch rush: ${nodes.length} nodes x ${RUSH} tickets at once, entered in`,
        value: entered.map((x) => `${(x / 1000).toFixed(2)} s`).join(', '),
        target: '',
        verdict: '',
      },
      { measure: 'lunch rush: all nodes converged after', value: `${(converged / 1000).toFixed(2)} s`, target: '', verdict: '' },
      {
        measure: 'lunch rush: boards equal on every node',
        value: `${same ? 'equal' : 'DIFFERENT'}, ${open} rush tickets open`,
        target: `equal, ${nodes.length * RUSH}`,
        verdict: verdict(same && open === nodes.length * RUSH),
      },
    ])
  } finally {
    for (const n of nodes) await n.daemon?.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

interface Latency {
  /** until the tile is drawn on B's board */
  tickets: number[]
  /** until B's board data holds it (like with like against the note's notes.list) */
  inData: number[]
  notes: number[]
  fires: number[]
  posts: number[]
  boardCalls: number[]
}

/** SAMPLES tickets fired on A, each timed until B's board data holds it, interleaved with the note anchor. */
async function latency(writer: SocketClient, screen: SocketClient, tag: string): Promise<Latency> {
  const tickets: number[] = []
  const inData: number[] = []
  const notes: number[] = []
  const drawn = await boardScreen()
  // a screen that has been up a while: its drawing code is warm (the first frames run cold)
  const current = await screen.call('tickets.board', { stations: ['grill'] })
  for (let k = 0; k < 20; k++) await drawn.draw(current.tickets, Date.now() + k * 1000)
  // where a ticket's time goes: the fire answered on A (entry checks, chits, append), and B's board asked once it shows
  const fires: number[] = []
  const posts: number[] = []
  const boardCalls: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const id = `${tag}-${i}`
    const started = performance.now()
    const seen = whenSeen(screen, async () => {
      const asked = performance.now()
      const board = await screen.call('tickets.board', { stations: ['grill'] })
      const has = board.tickets.some((t) => t.id === id)
      if (has) {
        boardCalls.push(performance.now() - asked)
        inData.push(performance.now() - started)
        await drawn.draw(board.tickets, Date.now())
        // taken here: the fire's answer on A may come after the tile is drawn on B
        tickets.push(performance.now() - started)
      }
      return has
    })
    await writer.call('tickets.fire', { id, label: `table ${i % 20}`, items: [{ item: 1 }, { item: 2 }] })
    fires.push(performance.now() - started)
    await seen.done
    seen.off()
    // served at once, so that the board stays the size of a lunch, not 200 tiles
    await writer.call('tickets.bump', { ticket: id, station: 'grill' })
    await writer.call('tickets.bump', { ticket: id, station: 'cold' })
    await writer.call('tickets.serve', { ticket: id })

    const text = `anchor ${tag} ${i}`
    const noteStarted = performance.now()
    const noted = whenSeen(screen, async () => (await screen.call('notes.list', { limit: 5 })).some((n) => n.text === text))
    await writer.call('notes.post', { text })
    posts.push(performance.now() - noteStarted)
    await noted.done
    notes.push(performance.now() - noteStarted)
    noted.off()
  }
  drawn.close()
  for (const list of [tickets, inData, notes, fires, posts, boardCalls]) list.sort((x, y) => x - y)
  return { tickets, inData, notes, fires, posts, boardCalls }
}

function latencyRows(l: Latency, running: string, targeted: boolean): Row[] {
  const p99 = percentile(l.tickets, 99)
  const pair = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 99))}`
  return [
    {
      measure: `${running} running: ticket on A -> its tile drawn on B's board, p50 (${SAMPLES})`,
      value: ms(percentile(l.tickets, 50)),
      target: '',
      verdict: '',
    },
    {
      measure: `${running} running: ticket on A -> its tile drawn on B's board, p99 (${SAMPLES})`,
      value: ms(p99),
      target: targeted ? 'under 100 ms' : '',
      verdict: targeted ? verdict(p99 < 100) : '',
    },
    { measure: "  of it: in B's board data, p50 / p99", value: pair(l.inData), target: '', verdict: '' },
    { measure: '  of it: tickets.fire answered on A, p50 / p99', value: pair(l.fires), target: '', verdict: '' },
    { measure: "  of it: B's tickets.board that showed it, p50 / p99", value: pair(l.boardCalls), target: '', verdict: '' },
    { measure: "  anchor: note on A -> in B's notes.list, p50 / p99", value: pair(l.notes), target: '', verdict: '' },
    { measure: '  of it: notes.post answered on A, p50 / p99', value: pair(l.posts), target: '', verdict: '' },
    {
      measure: '  ticket in board data / note, p50 and p99',
      value: `${(percentile(l.inData, 50) / percentile(l.notes, 50)).toFixed(2)}x / ${(percentile(l.inData, 99) / percentile(l.notes, 99)).toFixed(2)}x`,
      target: '',
      verdict: '',
    },
  ]
}

async function until(test: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 180_000
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
