import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { DiskSpace } from '../../daemon/disk-space.js'
import { OutpostError } from '../../protocol/index.js'

describe('DiskSpace', () => {
  it('refuses a write that would eat into the reserve, with the free and needed figures', async () => {
    const free = await new DiskSpace(tmpdir(), 1).free()
    expect(free).toBeGreaterThan(0)
    await new DiskSpace(tmpdir(), 1).assertRoom(1)
    // a reserve no disk here has: refused before anything is written
    const refusal = await new DiskSpace(tmpdir(), 2 ** 60).assertRoom(4096).catch((err: unknown) => err)
    expect(refusal).toBeInstanceOf(OutpostError)
    expect(refusal).toMatchObject({ code: 'E_STORAGE_FULL' })
    expect((refusal as Error).message).toMatch(
      /^disk full: \d+(\.\d)? MB free on \S+, need \d+ MB \(storage\.reserveMb \d+ \+ this write\): nothing was written/,
    )
  })

  it('a reserve of 0 turns the check off', async () => {
    await new DiskSpace('/no/such/dir', 0).assertRoom(2 ** 60)
  })
})
