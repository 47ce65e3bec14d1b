import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MENU_SCREENS } from '../../tui/screens/registry.js'
import { busyNeighboursForThisFile } from '../helpers/busy-neighbours.js'
import { OUTPOST_BIN, tempDataDir } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { TmuxSession } from '../helpers/tmux.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')
let session: TmuxSession | null = null
let removeDir: (() => Promise<void>) | null = null
busyNeighboursForThisFile()
afterEach(async () => {
  session?.kill()
  session = null
  await removeDir?.()
})

/**
 * A menu item near the end by the arrow keys: Up from the first item wraps to Quit, then Sign
 * out, then the last screens (Orders and Import are the registry's last two). The two-digit
 * numbers are tested in tui-habits-tmux; under busy neighbours a "1" here outlived its 0.6 s wait.
 */
async function openFromMenu(t: TmuxSession, label: string): Promise<void> {
  await t.waitFor((s) => /Menu . /.test(s), 'the menu')
  const fromEnd = MENU_SCREENS.length - MENU_SCREENS.findIndex((s) => s.label === label) + 2
  for (let i = 0; i < fromEnd; i++) t.key('Up')
  await t.waitFor((s) => s.includes(label), `${label} in view`)
  t.key('Enter')
}

const SIZES = [
  [80, 24],
  [60, 20],
  [160, 48],
] as const

describe.skipIf(!tmux)(`orders, a pick list and an import from the TUI in a real terminal${skipReason('tmux', tmux)}`, () => {
  for (const [width, height] of SIZES) {
    it(
      `${width}x${height}: an order for a customer found by name and a scanned product, its pick list on the virtual printer, a file imported with a bar`,
      { timeout: 180_000 },
      async () => {
        const tmp = await tempDataDir()
        removeDir = tmp.remove
        const ascii = width === 60 // LANG=C: names lose their accents, the bar is # and .
        const csv = join(tmp.dir, 'new-products.csv')
        await writeFile(csv, ['sku,name,unit', ...Array.from({ length: 1500 }, (_, i) => `NEW-${i},New cloth ${i},m`), 'BAD,,m'].join('\n'))
        const command = [process.execPath, OUTPOST_BIN, '--demo', '--scan-gap', '120', '--data-dir', tmp.dir].join(' ')
        session = TmuxSession.start(`outpost-orders-${width}-${process.pid}`, command, {
          width,
          height,
          env: { NO_COLOR: '1', TERM: 'xterm-256color', ...(ascii ? { LANG: 'C', LC_ALL: 'C' } : { LANG: 'C.UTF-8' }) },
        })
        const t = session
        // the demo founds its site first: a minute and a half beside busy neighbours (as demoSignedIn)
        await t.waitFor((s) => s.includes('Sign in'), 'the sign-in screen', 90_000)
        await t.signIn('mia', '1111', 300)
        await openFromMenu(t, 'Orders')
        await t.waitFor((s) => s.includes('printer Bench printer'), 'the Orders screen')
        await t.type('n', 300)
        await t.waitFor((s) => s.includes('Customer'), 'the customer field')
        await t.type('moda', 150)
        t.key('Enter')
        await t.waitFor((s) => s.includes('(CUS-ATL)') && s.includes('Product'), 'the customer found by name')
        // the product's barcode at scanner speed, while neighbours keep the machine busy
        await t.scan('8690000000028')
        await t.waitFor((s) => s.includes('POP-120-W') && s.includes('m;'), 'the quantity field for the scanned product')
        await t.type('30', 150)
        t.key('Enter')
        await t.waitFor((s) => s.includes('1. POP-120-WH 30 m'), 'the line')
        t.key('Enter')
        const made = await t.waitFor((s) => /order SO-\S+ created/.test(s), 'the order created')
        const id = /order (SO-\S+) created/.exec(made)![1]!
        expect(made).toContain(ascii ? 'Atolye Moda' : 'Atölye Moda')
        expect(made.split('\n').length).toBeLessThanOrEqual(height + 1)
        // its row, with the order id whole and the customer by name
        await t.waitFor((s) => s.includes(id) && /open/.test(s), 'the order listed')
        await t.type('p', 300)
        await t.waitFor((s) => s.includes(`pick list of ${id} queued on`), 'the pick list queued')
        // the virtual printer's journal: the pick list printed with the order and a shelf to walk to
        await eventually(async () => readFile(join(tmp.dir, 'virtual-printer.jsonl'), 'utf8').catch(() => ''), 'the pick list printed', {
          ok: (journal) => journal.includes(id) && journal.includes('POP-120-WH'),
          timeoutMs: 30_000,
        })
        t.key('Escape')

        await openFromMenu(t, 'Import a file')
        await t.waitFor((s) => s.includes('It holds'), 'the Import screen')
        // the path pasted, as a person would (typed key by key it took most of 314 s under load)
        t.paste(csv)
        await t.waitFor((s) => s.replace(/[\s│]/g, '').includes('new-products.csv'), 'the path in the field')
        t.key('Enter')
        const done = await t.waitFor((s) => s.includes('1500 added, 0 updated, 1 refused'), 'the summary', 60_000)
        expect(done).toContain('1500 of 1500 rows (100%)')
        expect(done).toMatch(ascii ? /#{5,}/ : /█{5,}/)
        expect(done.split('\n').length).toBeLessThanOrEqual(height + 1)
        if (ascii) expect(done).toMatch(/^[\x20-\x7e\n]*$/)
      },
    )
  }
})
