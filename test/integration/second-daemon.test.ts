import { afterEach, expect, it } from 'vitest'
import { startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'

let daemon: DaemonProcess | null = null
let removeDir: (() => Promise<void>) | null = null
afterEach(async () => {
  await daemon?.stop()
  daemon = null
  await removeDir?.()
})

it('a second daemon on the same data dir is refused with one line, and the first keeps serving', { timeout: 60_000 }, async () => {
  const tmp = await tempDataDir()
  removeDir = tmp.remove
  daemon = await startDaemonProcess(tmp.dir)
  const second = await startDaemonProcess(tmp.dir).then(
    () => 'started',
    (err: Error) => err.message,
  )
  // before: "File descriptor could not be locked" with a stack trace, from the store's lock
  expect(second).toContain('a daemon already runs for this data dir')
  expect(second).toContain('(E_DAEMON_RUNNING)')
  expect(second).not.toContain('could not be locked')
  const client = await daemon.connect()
  expect((await client.call('system.status')).halted).toBeNull()
  client.close()
})
