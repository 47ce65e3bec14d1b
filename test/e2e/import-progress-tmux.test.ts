import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OUTPOST_BIN, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { TmuxSession } from '../helpers/tmux.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')
let session: TmuxSession | null = null
let daemon: DaemonProcess | null = null
let removeDir: (() => Promise<void>) | null = null
afterEach(async () => {
  session?.kill()
  await daemon?.stop()
  await removeDir?.()
})

describe.skipIf(!tmux)(`outpost import at a terminal${skipReason('tmux', tmux)}`, () => {
  it('draws a progress bar on stderr while the rows go in, and ends with every row counted', { timeout: 120_000 }, async () => {
    const tmp = await tempDataDir()
    removeDir = tmp.remove
    daemon = await startDaemonProcess(tmp.dir)
    const file = join(tmp.dir, 'products.csv')
    const rows = Array.from({ length: 3000 }, (_, i) => `P-${i};Product ${i};m;;A;blue`)
    await writeFile(file, ['sku;name;unit;barcodes;quality;color', ...rows].join('\n'))
    const command = [process.execPath, OUTPOST_BIN, '--data-dir', tmp.dir, 'import', 'products', file, '--as', 'admin'].join(' ')
    session = TmuxSession.start(`outpost-import-${process.pid}`, `${command}; sleep 60`, {
      width: 100,
      height: 10,
      env: { OUTPOST_PIN: daemon.adminSecret!, NO_COLOR: '1' },
    })
    const screen = await session.waitFor((s) => s.includes('3000 added'), 'the import to finish', 60_000)
    expect(screen).toMatch(/importing \[[=]+\] 3000\/3000 rows/)
  })
})
