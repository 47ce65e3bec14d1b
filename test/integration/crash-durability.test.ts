import { afterAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { signedIn, startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'
import { seededRandom } from '../helpers/seeded-random.js'

const ROUNDS = 20
const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

/** Every operation id in the audit trail, paging from newest to oldest. */
async function foldedIds(client: SocketClient): Promise<Set<string>> {
  const ids = new Set<string>()
  let beforeSeq: number | undefined
  for (;;) {
    const page = await client.call('audit.list', beforeSeq === undefined ? { limit: 1000 } : { limit: 1000, beforeSeq })
    for (const entry of page) ids.add(entry.id)
    const last = page.at(-1)
    if (last === undefined || last.seq === 0) return ids
    beforeSeq = last.seq
  }
}

describe('crash durability', () => {
  it(
    `SIGKILL during a stream of writes, ${ROUNDS} times: acknowledged operations survive, view = re-fold of the log`,
    { timeout: 300_000 },
    async () => {
      const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31))
      const rand = seededRandom(seed)
      const tmp = await tempDataDir()
      cleanups.push(tmp.remove)
      let daemon = await startDaemonProcess(tmp.dir)
      const secret = daemon.adminSecret
      expect(secret).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
      const acknowledged = new Set<string>()

      for (let round = 0; round < ROUNDS; round++) {
        const client = await signedIn(daemon, 'admin', secret!)
        // kill after a random number of further acknowledgements, so the kill lands mid-stream
        const killAt = acknowledged.size + 5 + Math.floor(rand() * 60)
        let reached: () => void = () => undefined
        const reachedKillPoint = new Promise<void>((r) => (reached = r))
        let inFlight = 0
        const writer = (async () => {
          for (let i = 0; ; i++) {
            try {
              inFlight++
              const result =
                i % 3 === 0
                  ? await client.call('ops.submit', {
                      ops: Array.from({ length: 10 }, (_, j) => ({
                        type: 'notes.post',
                        payload: { text: `round ${round} batch ${i}.${j}` },
                      })),
                    })
                  : await client.call('notes.post', { text: `round ${round} note ${i}` })
              inFlight--
              for (const id of result.ids) acknowledged.add(id)
              if (acknowledged.size >= killAt) reached()
            } catch {
              return // the daemon was killed under this request: it was never acknowledged
            }
          }
        })()
        await reachedKillPoint
        await daemon.kill()
        await writer
        expect(inFlight, 'the kill landed while a write was in flight').toBe(1)
        client.close()

        daemon = await startDaemonProcess(tmp.dir)
        expect(daemon.adminSecret, 'a restart never founds a new site').toBeNull()
        const check = await signedIn(daemon, 'admin', secret!)
        const folded = await foldedIds(check)
        const missing = [...acknowledged].filter((id) => !folded.has(id))
        expect(missing, `round ${round} (seed ${seed}): acknowledged operations lost`).toEqual([])
        const report = await check.call('system.verify')
        expect(report, `round ${round} (seed ${seed}): view differs from a re-fold of the log`).toMatchObject({ consistent: true })
        expect(report.refoldHash).toBe(report.hash)
        expect(report.contentHash).toBe(report.hash)
        check.close()
      }
      expect(acknowledged.size).toBeGreaterThan(ROUNDS * 5)
      expect(await daemon.stop()).toBe(0)
    },
  )
})
