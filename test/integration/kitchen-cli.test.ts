import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kitchenScreenOf } from '../../bin/commands/kitchen.js'
import { runCli } from '../helpers/cli.js'
import { signedIn, startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'

/**
 * `outpost kitchen` refuses what it cannot use before it opens anything: one line on stderr and
 * exit 2 (usage), for each flag and for a hostile key map file.
 */
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'op-kds-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function refused(args: string[], line: RegExp) {
  const r = await runCli(['--data-dir', join(dir, 'data'), 'kitchen', ...args])
  expect(r.code, r.stderr).toBe(2)
  expect(r.stderr.trim().split('\n')).toHaveLength(1)
  expect(r.stderr).toMatch(line)
  expect(r.stderr).not.toMatch(/at .*\.js:\d+|ZodError|invalid_type/)
  expect(r.stderr).not.toContain('\u001b')
}

describe('outpost kitchen: usage', () => {
  it('names what is wrong with the stations and the ageing', { timeout: 60_000 }, async () => {
    await Promise.all([
      refused([], /name the stations this screen shows: --station grill/),
      refused(['--station', 'Grill!'], /--station Grill!: a station id is 1-24 lower-case letters/),
      // a typo's suggestion on the same line
      refused(['--statoin', 'grill'], /^outpost: unknown option '--statoin' \(Did you mean --station\?\) \(E_USAGE\)$/m),
      // what was given is repeated with its control characters named, not sent to the terminal
      refused(['--station', 'gr\u001b[31mill'], /--station gr\\x1b\[31mill: a station id is/),
      refused(['--station', 'grill', '--warn', '8', '--late', '5'], /--late 5 must come after --warn 8/),
      // commander's refusals too in outpost's one form, `outpost: what (E_CODE)`
      refused(['--station', 'grill', '--warn', '0'], /^outpost: option .*minutes are a whole number from 1 to 480 \(E_USAGE\)$/m),
      refused(['--station', 'grill', '--late', '2.5'], /minutes are a whole number from 1 to 480/),
      refused(['--station', 'grill', '--name', 'x'.repeat(41)], /--name: 1-40 characters, no control characters \(41 given\)/),
      refused(['--station', 'grill', '--name', 'Grill\u001b[2J'], /--name: 1-40 characters, no control characters/),
      refused(['--station', 'grill', '--name', '  '], /--name: 1-40 characters/),
    ])
  })

  it('refuses a key map file it cannot use, whatever is in it', { timeout: 60_000 }, async () => {
    const file = (name: string) => join(dir, name)
    await writeFile(file('text.json'), 'bump: 1')
    await writeFile(file('unknown.json'), JSON.stringify({ explode: ['x'] }))
    await writeFile(file('twice.json'), JSON.stringify({ hold: ['r'] }))
    await writeFile(file('ten.json'), JSON.stringify({ bumpTile: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] }))
    await writeFile(file('same.json'), JSON.stringify({ bumpTile: ['1', '1'] }))
    await writeFile(file('none.json'), JSON.stringify({ bumpTile: [] }))
    await writeFile(file('latin1.json'), Buffer.from([0x7b, 0x22, 0xe7, 0x22, 0x3a, 0x5b, 0x5d, 0x7d]))
    await writeFile(file('big.json'), '')
    await truncate(file('big.json'), 10 * 1024 * 1024)
    await Promise.all([
      refused(['--station', 'grill', '--keys', file('text.json')], /--keys .*text\.json: not valid JSON/),
      refused(['--station', 'grill', '--keys', file('unknown.json')], /"explode" is not a board command/),
      refused(['--station', 'grill', '--keys', file('twice.json')], /the key r is given to both hold and recall/),
      refused(
        ['--station', 'grill', '--keys', file('ten.json')],
        /ten\.json: bumpTile takes at most 9 keys, one per tile \(10 given\) \(E_USAGE\)/,
      ),
      refused(['--station', 'grill', '--keys', file('same.json')], /same\.json: the key 1 is given twice to bumpTile \(E_USAGE\)/),
      refused(['--station', 'grill', '--keys', file('none.json')], /none\.json: bumpTile needs at least one key/),
      refused(['--station', 'grill', '--keys', file('latin1.json')], /is not a board command/),
      refused(['--station', 'grill', '--keys', file('big.json')], /bigger than 64 KiB: not a key map/),
      refused(['--station', 'grill', '--keys', file('missing.json')], /--keys .*missing\.json: ENOENT/),
    ])
  })
})

describe('outpost kitchen: a station named twice', () => {
  it('is shown once, and names the screen once', async () => {
    const config = await kitchenScreenOf({ station: ['grill', 'grill', 'cold', 'grill'] })
    expect(config).toMatchObject({ name: `${hostname()} grill+cold`.slice(0, 40), stations: ['grill', 'cold'] })
  })
})

describe('outpost kitchen: a station the site does not have', () => {
  it('is refused before anyone is asked to sign in, in one line naming the stations there are', { timeout: 120_000 }, async () => {
    const data = await tempDataDir()
    const daemon = await startDaemonProcess(data.dir, { args: ['--no-network'] })
    try {
      const admin = await signedIn(daemon, 'admin', daemon.adminSecret!)
      await setUpKitchen(admin)
      admin.close()
      // under timeout(1): without the check the TUI waits for a sign-in that never comes (exit 124)
      const r = await runCli(['--data-dir', data.dir, 'kitchen', '--station', 'grill', '--station', 'nosuch'], {}, undefined, [
        'timeout',
        '45',
      ])
      expect([r.code, r.stderr.trim()]).toEqual([
        1,
        'outpost: this site has no station nosuch: its stations are cold, expo, grill (E_NOT_FOUND)',
      ])
      // no sign-in screen was drawn first
      expect(r.stdout).not.toMatch(/Sign in/)
    } finally {
      await daemon.stop()
      await data.remove()
    }
  })
})
