import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BackupReader, BackupWriter, MAGIC, MAX_HEADER_BYTES, packEntries, unpackEntries } from '../../daemon/backup/backup-file.js'
import { restoreBackup } from '../../daemon/backup/restore.js'
import { OutpostError } from '../../protocol/index.js'

/** Argon2id at its smallest: the format is under test here, not the key derivation's cost. */
const CHEAP = { opslimit: 1, memlimit: 8192 }
const PASS = 'correct horse battery'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'op-bk-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const entries = (n: number, seed = 0): Array<[Buffer, Buffer]> =>
  Array.from({ length: n }, (_, i) => [Buffer.from(`key-${seed}-${i}`), Buffer.alloc(i * 7, i)])

async function write(path: string, frames: Buffer[]): Promise<void> {
  const w = await BackupWriter.create(path, PASS, CHEAP)
  for (const f of frames) await w.frame(f)
  await w.finish()
}

async function readAll(path: string, pass = PASS): Promise<Buffer[]> {
  const r = await BackupReader.open(path, pass)
  try {
    const out: Buffer[] = []
    for (let f = await r.frame(); f !== null; f = await r.frame()) out.push(f)
    return out
  } finally {
    await r.close()
  }
}

/** The error a read of `path` ends with: an OutpostError with a one-line message, never success. */
async function refusal(path: string, pass = PASS): Promise<OutpostError> {
  const err = await readAll(path, pass).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err, 'the read succeeded').toBeInstanceOf(OutpostError)
  const e = err as OutpostError
  expect(e.message).not.toContain('\n')
  return e
}

describe('backup file', () => {
  it('reads back every frame it was written with', async () => {
    const path = join(dir, 'b.op')
    const frames = [Buffer.from('{"manifest":true}'), packEntries(entries(50)), packEntries(entries(3, 1)), Buffer.alloc(0)]
    await write(path, frames)
    expect(await readAll(path)).toEqual(frames)
    expect(unpackEntries((await readAll(path))[1]!, path)).toEqual(entries(50))
    // nothing of the clear text is in the file
    expect((await readFile(path)).includes(Buffer.from('key-0-1'))).toBe(false)
  })

  it('says "wrong passphrase" for a wrong passphrase', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('x')])
    const e = await refusal(path, 'not the passphrase')
    expect(e.code).toBe('E_BACKUP_PASSPHRASE')
    expect(e.message).toMatch(/wrong passphrase/)
  })

  it('refuses an empty file, and one that is not a backup', async () => {
    const empty = join(dir, 'empty.op')
    await writeFile(empty, '')
    expect((await refusal(empty)).message).toMatch(/it is empty/)
    const other = join(dir, 'other.op')
    await writeFile(other, 'PK\x03\x04 a zip file, not a backup at all, long enough')
    expect((await refusal(other)).message).toMatch(/does not start like one/)
  })

  it('refuses a huge header length before reading or allocating it', async () => {
    const path = join(dir, 'huge.op')
    const len = Buffer.alloc(4)
    len.writeUInt32BE(0xffffffff)
    await writeFile(path, Buffer.concat([MAGIC, len]))
    const e = await refusal(path)
    expect(e.code).toBe('E_BACKUP_DAMAGED')
    expect(e.message).toContain(`at most ${MAX_HEADER_BYTES}`)
  })

  it('refuses a huge frame length', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('x')])
    const bytes = await readFile(path)
    const headerEnd = MAGIC.length + 4 + bytes.readUInt32BE(MAGIC.length)
    bytes.writeUInt32BE(0x7fffffff, headerEnd)
    await writeFile(path, bytes)
    expect((await refusal(path)).message).toMatch(/a frame of 2147483647 bytes/)
  })

  it('refuses a file cut short anywhere, naming it truncated', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('manifest'), packEntries(entries(20))])
    const whole = await readFile(path)
    const cut = join(dir, 'cut.op')
    for (let at = 1; at < whole.length; at += 7) {
      await writeFile(cut, whole.subarray(0, at))
      const e = await refusal(cut)
      expect(e.code, `cut at ${at}`).toBe('E_BACKUP_DAMAGED')
      expect(e.message, `cut at ${at}`).toMatch(/truncated|final frame is missing/)
    }
  })

  it('refuses a file cut right after a whole frame: the final frame is missing', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('manifest'), packEntries(entries(20)), packEntries(entries(5, 2))])
    const whole = await readFile(path)
    // every frame boundary: after the header, and after each frame but the final one
    const boundaries: number[] = []
    for (let at = MAGIC.length + 4 + whole.readUInt32BE(MAGIC.length); at < whole.length; at += 4 + whole.readUInt32BE(at))
      boundaries.push(at)
    expect(boundaries).toHaveLength(4) // three frames and the final one
    const cut = join(dir, 'cut.op')
    for (const at of boundaries) {
      await writeFile(cut, whole.subarray(0, at))
      const e = await refusal(cut)
      expect(e.code, `cut at ${at}`).toBe('E_BACKUP_DAMAGED')
      expect(e.message, `cut at ${at}`).toMatch(/final frame is missing/)
    }
  })

  it('refuses a file with any one byte changed', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('manifest'), packEntries(entries(4))])
    const whole = await readFile(path)
    const changed = join(dir, 'changed.op')
    for (let at = 0; at < whole.length; at++) {
      const bytes = Buffer.from(whole)
      bytes[at] = bytes[at]! ^ 0x01
      await writeFile(changed, bytes)
      const e = await refusal(changed)
      // a changed salt or limit derives another key: that reads as a wrong passphrase, which is
      // the honest answer the file can give; everything else is damage
      expect(['E_BACKUP_DAMAGED', 'E_BACKUP_PASSPHRASE'], `byte ${at}`).toContain(e.code)
    }
  })

  it('refuses bytes after the final frame, and frames swapped or dropped', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('one'), Buffer.from('two')])
    const whole = await readFile(path)
    await writeFile(path, Buffer.concat([whole, Buffer.from('x')]))
    expect((await refusal(path)).message).toMatch(/bytes follow its final frame/)
    // drop the first frame after the header: the second no longer opens in its place
    const headerEnd = MAGIC.length + 4 + whole.readUInt32BE(MAGIC.length)
    const first = 4 + whole.readUInt32BE(headerEnd)
    await writeFile(path, Buffer.concat([whole.subarray(0, headerEnd), whole.subarray(headerEnd + first)]))
    expect((await refusal(path)).code).toBe('E_BACKUP_DAMAGED')
  })

  it('reads store entries only within their frame', () => {
    const good = packEntries(entries(3))
    expect(() => unpackEntries(good.subarray(0, good.length - 1), 'f')).toThrow(/longer than its frame/)
    expect(() => unpackEntries(Buffer.from([0, 0]), 'f')).toThrow(/cut short/)
    const huge = Buffer.alloc(8)
    huge.writeUInt32BE(0xfffffff0)
    expect(() => unpackEntries(huge, 'f')).toThrow(/longer than its frame/)
  })
})

describe('restore', () => {
  it('refuses a data dir that is not empty, and leaves it as it was', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('{}')])
    const target = join(dir, 'data')
    await mkdir(target)
    await writeFile(join(target, 'site.json'), '{}')
    const err = await restoreBackup({ file: path, dataDir: target, passphrase: PASS }).catch((e: unknown) => e)
    expect((err as OutpostError).code).toBe('E_USAGE')
    expect((err as OutpostError).message).toMatch(/is not empty/)
    expect(await readdir(target)).toEqual(['site.json'])
  })

  it('restores nothing from a backup without a readable manifest, or a damaged one', async () => {
    const path = join(dir, 'b.op')
    await write(path, [Buffer.from('not json'), packEntries(entries(2))])
    const target = join(dir, 'data')
    const err = await restoreBackup({ file: path, dataDir: target, passphrase: PASS }).catch((e: unknown) => e)
    expect((err as OutpostError).code).toBe('E_BACKUP_DAMAGED')
    expect(await readdir(target).catch(() => [])).toEqual([])
  })
})
