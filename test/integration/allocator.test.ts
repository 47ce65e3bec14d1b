import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { JEMALLOC_PATHS } from '../../daemon/memory.js'
import { startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'

// jemalloc gives back what a large receive freed, where glibc kept it (daemon/memory.ts)
const jemalloc = JEMALLOC_PATHS.some((path) => existsSync(path))
if (!jemalloc && process.env.OUTPOST_REQUIRE_TOOLS === '1')
  throw new Error('libjemalloc2 is required (OUTPOST_REQUIRE_TOOLS=1) but not installed: apt-get install libjemalloc2')
const skipped = jemalloc ? '' : ' (SKIPPED: libjemalloc2 is not installed; apt-get install libjemalloc2 to run it)'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function daemonMaps(env: NodeJS.ProcessEnv): Promise<string> {
  const { dir, remove } = await tempDataDir('op-alloc-')
  cleanups.push(remove)
  const daemon: DaemonProcess = await startDaemonProcess(dir, { env, args: ['--no-network'] })
  cleanups.push(async () => void (await daemon.stop()))
  return readFile(`/proc/${daemon.proc.pid}/maps`, 'utf8')
}

describe('the allocator of a started daemon', () => {
  it.skipIf(!jemalloc)(`is jemalloc when the machine has it, glibc's with OUTPOST_ALLOCATOR=glibc${skipped}`, async () => {
    expect(await daemonMaps({})).toMatch(/libjemalloc\.so\.2/)
    expect(await daemonMaps({ OUTPOST_ALLOCATOR: 'glibc' })).not.toMatch(/libjemalloc/)
  })
})
