import { afterEach, describe, expect, it } from 'vitest'
import { kitchenWithCook } from '../helpers/kitchen-site.js'

/**
 * R on a screen that remembers no bump of its own (just started, or restarted) recalls the last
 * bump at its stations. Seen (#17, a new-user pass): once that bump was recalled, the bump before
 * it, on another ticket, still stood and R said "grill has bumped nothing to recall".
 */
let stop: (() => Promise<void>) | null = null
afterEach(async () => {
  await stop?.()
  stop = null
})

describe('recall with no bump remembered', () => {
  it('recalls the latest standing bump at the stations, again and again, back to the first', { timeout: 90_000 }, async () => {
    const { daemon, cook } = await kitchenWithCook()
    stop = async () => {
      cook.close()
      await daemon.stop()
    }
    const fired: string[] = []
    for (const label of ['table 1', 'table 2', 'table 3'])
      fired.push((await cook.call('tickets.fire', { label, items: [{ item: 1 }] })).ticket)
    for (const ticket of fired) await cook.call('tickets.bump', { ticket, station: 'grill' })
    const grillDone = async (ticket: string) => (await cook.call('tickets.get', { ticket })).parts[0]!.items[0]!.done !== null
    for (const ticket of [...fired].reverse()) {
      const recalled = await cook.call('tickets.recall', { stations: ['grill', 'cold'] })
      expect(recalled.ticket).toBe(ticket)
      expect(await grillDone(ticket)).toBe(false)
    }
    await expect(cook.call('tickets.recall', { stations: ['grill', 'cold'] })).rejects.toThrow('grill + cold have bumped nothing to recall')
  })
})
