import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { tempDataDir } from '../helpers/daemon-process.js'

describe('the TUI scan gap (--scan-gap, OUTPOST_SCAN_GAP_MS) refuses bad values with one line, before anything starts', () => {
  it.each([['5'], ['1001'], ['fifty'], ['12.5'], ['']])('--scan-gap %j', async (value) => {
    const { dir, remove } = await tempDataDir()
    const run = await runCli(['--data-dir', dir, '--scan-gap', value])
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/scan gap is a number of milliseconds from 10 to 1000/)
    await remove()
  })

  it.each([['0'], ['2000'], ['abc']])('OUTPOST_SCAN_GAP_MS=%j', async (value) => {
    const { dir, remove } = await tempDataDir()
    const run = await runCli(['--data-dir', dir], { OUTPOST_SCAN_GAP_MS: value })
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toBe(
      `outpost: OUTPOST_SCAN_GAP_MS=${value}: a scan gap is a number of milliseconds from 10 to 1000 (E_USAGE)`,
    )
    await remove()
  })
})
