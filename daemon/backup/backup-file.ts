import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import sodium from 'sodium-native'
import { OutpostError } from '../../protocol/index.js'

/**
 * The backup file: a short header in the clear, then the backup encrypted with a key derived
 * from the operator's passphrase.
 *
 *   "OUTPOST-BACKUP" 0x00 0x01          magic and format version (16 bytes)
 *   u32 BE n, n bytes of JSON          header: Argon2id's salt and limits, a check of the key,
 *                                      the secretstream header
 *   frames: u32 BE c, c bytes          each a crypto_secretstream_xchacha20poly1305 message
 *
 * Argon2id (crypto_pwhash) makes a guessed passphrase cost 64 MiB and a few hundred ms, which a
 * Raspberry Pi can still afford once per backup. The secretstream authenticates every frame and
 * its place in the sequence, and the last one carries TAG_FINAL: a frame dropped, swapped, cut
 * short or changed fails to open, and a file that ends before the final frame is truncated. The
 * first frame authenticates the header too (as additional data), so its limits cannot be
 * changed unseen. The key check (a keyed hash of a fixed text) tells a wrong passphrase apart
 * from a damaged file, which a failed first frame alone cannot.
 */

export const MAGIC = Buffer.from('OUTPOST-BACKUP\x00\x01', 'latin1')
/** A header is about 250 bytes of JSON: a length beyond this is not a header. */
export const MAX_HEADER_BYTES = 4096
/** One frame's clear text at most; a frame length beyond this (plus the tag) is damage. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024
/** Limits a header may ask for: a hostile file must not make the restore take gigabytes. */
const MAX_OPSLIMIT = 16
const MAX_MEMLIMIT = 1024 * 1024 * 1024

const ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
const KEY_CHECK_TEXT = Buffer.from('outpost backup key check v1')

export class BackupFileError extends OutpostError {}

const damaged = (path: string, why: string) => new BackupFileError('E_BACKUP_DAMAGED', `${path} is not an intact Outpost backup: ${why}`)

interface Header {
  kdf: 'argon2id13'
  opslimit: number
  memlimit: number
  salt: string
  keyCheck: string
  stream: string
}

async function deriveKey(passphrase: string, salt: Buffer, opslimit: number, memlimit: number): Promise<Buffer> {
  const key = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_KEYBYTES)
  const pass = Buffer.from(passphrase.normalize('NFC'), 'utf8')
  // async: the derivation runs on libuv's pool, so a daemon's event loop is never held by it
  await new Promise<void>((resolve, reject) =>
    sodium.crypto_pwhash_async(key, pass, salt, opslimit, memlimit, sodium.crypto_pwhash_ALG_ARGON2ID13, (err) =>
      err === null ? resolve() : reject(err),
    ),
  )
  sodium.sodium_memzero(pass)
  return key
}

function keyCheck(key: Buffer): string {
  const out = Buffer.alloc(sodium.crypto_generichash_BYTES)
  sodium.crypto_generichash(out, KEY_CHECK_TEXT, key)
  return out.toString('hex')
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < 8) throw new OutpostError('E_USAGE', 'a backup passphrase has at least 8 characters')
}

/** Writes a backup file: to FILE.partial, renamed to FILE by `finish` (a cut-off run leaves no FILE). */
export class BackupWriter {
  private first = true
  /** Bytes written so far. */
  bytes = 0

  private constructor(
    private readonly file: FileHandle,
    private readonly path: string,
    private readonly prefix: Buffer,
    private readonly state: Buffer,
  ) {}

  static async create(path: string, passphrase: string, limits = { opslimit: 0, memlimit: 0 }): Promise<BackupWriter> {
    checkPassphrase(passphrase)
    const opslimit = limits.opslimit || sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE
    const memlimit = limits.memlimit || sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE
    const salt = Buffer.alloc(sodium.crypto_pwhash_SALTBYTES)
    sodium.randombytes_buf(salt)
    const key = await deriveKey(passphrase, salt, opslimit, memlimit)
    const streamHeader = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    const state = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES)
    sodium.crypto_secretstream_xchacha20poly1305_init_push(state, streamHeader, key)
    const header: Header = {
      kdf: 'argon2id13',
      opslimit,
      memlimit,
      salt: salt.toString('hex'),
      keyCheck: keyCheck(key),
      stream: streamHeader.toString('hex'),
    }
    sodium.sodium_memzero(key)
    const json = Buffer.from(JSON.stringify(header))
    const length = Buffer.alloc(4)
    length.writeUInt32BE(json.length)
    const prefix = Buffer.concat([MAGIC, length, json])
    const writer = new BackupWriter(await open(path + '.partial', 'w', 0o600), path, prefix, state)
    await writer.put(prefix)
    return writer
  }

  private async put(bytes: Buffer): Promise<void> {
    await this.file.write(bytes)
    this.bytes += bytes.length
  }

  /** One frame of clear text (at most MAX_FRAME_BYTES); `final` ends the stream. */
  async frame(clear: Buffer, final = false): Promise<void> {
    if (clear.length > MAX_FRAME_BYTES) throw new Error(`a backup frame holds at most ${MAX_FRAME_BYTES} bytes`)
    const sealed = Buffer.alloc(4 + clear.length + ABYTES)
    sealed.writeUInt32BE(clear.length + ABYTES)
    const tag = final ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
    sodium.crypto_secretstream_xchacha20poly1305_push(this.state, sealed.subarray(4), clear, this.first ? this.prefix : null, tag)
    this.first = false
    await this.put(sealed)
  }

  /** The final frame, then the file synced and renamed into place. */
  async finish(): Promise<void> {
    await this.frame(Buffer.alloc(0), true)
    await this.file.sync()
    await this.file.close()
    await rename(this.path + '.partial', this.path)
  }

  /** Give up: the partial file goes. */
  async abort(): Promise<void> {
    await this.file.close().catch(() => undefined)
    await rm(this.path + '.partial', { force: true })
  }
}

/** Reads a backup file frame by frame; every failure is one line naming the file. */
export class BackupReader {
  private readonly state = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES)
  private offset = 0
  private first = true
  private ended = false
  private prefix = Buffer.alloc(0)

  private constructor(
    private readonly file: FileHandle,
    private readonly path: string,
  ) {}

  static async open(path: string, passphrase: string): Promise<BackupReader> {
    let file: FileHandle
    try {
      file = await open(path, 'r')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new OutpostError('E_USAGE', `cannot read the backup ${path}: ${code ?? String(err)}`)
    }
    const reader = new BackupReader(file, path)
    try {
      await reader.start(passphrase)
    } catch (err) {
      await file.close()
      throw err
    }
    return reader
  }

  private async exactly(n: number, what: string): Promise<Buffer> {
    const buf = Buffer.alloc(n)
    let got = 0
    while (got < n) {
      const { bytesRead } = await this.file.read(buf, got, n - got, this.offset + got)
      if (bytesRead === 0) break
      got += bytesRead
    }
    this.offset += got
    if (got < n) throw damaged(this.path, got === 0 && what === 'the header' ? 'it is empty' : `it ends inside ${what} (truncated)`)
    return buf
  }

  private async start(passphrase: string): Promise<void> {
    const magic = await this.exactly(MAGIC.length, 'the header')
    if (!magic.subarray(0, 14).equals(MAGIC.subarray(0, 14))) throw damaged(this.path, 'it does not start like one')
    if (!magic.equals(MAGIC)) throw damaged(this.path, `format ${magic[15]} is not one this version reads (1)`)
    const lengthBytes = await this.exactly(4, 'the header')
    const length = lengthBytes.readUInt32BE()
    if (length > MAX_HEADER_BYTES) throw damaged(this.path, `its header says ${length} bytes (at most ${MAX_HEADER_BYTES})`)
    const json = await this.exactly(length, 'the header')
    this.prefix = Buffer.concat([magic, lengthBytes, json])
    const header = parseHeader(json)
    if (header === null) throw damaged(this.path, 'its header is not readable')
    const key = await deriveKey(passphrase, Buffer.from(header.salt, 'hex'), header.opslimit, header.memlimit)
    try {
      if (keyCheck(key) !== header.keyCheck)
        throw new BackupFileError('E_BACKUP_PASSPHRASE', `wrong passphrase for the backup ${this.path}`)
      sodium.crypto_secretstream_xchacha20poly1305_init_pull(this.state, Buffer.from(header.stream, 'hex'), key)
    } finally {
      sodium.sodium_memzero(key)
    }
  }

  /** The next frame's clear text; null after the final frame (and nothing may follow it). */
  async frame(): Promise<Buffer | null> {
    if (this.ended) return null
    const length = (await this.exactly(4, 'a frame (the final frame is missing)')).readUInt32BE()
    if (length < ABYTES || length > MAX_FRAME_BYTES + ABYTES)
      throw damaged(this.path, `a frame of ${length} bytes at byte ${this.offset - 4}`)
    const sealed = await this.exactly(length, 'a frame')
    const clear = Buffer.alloc(length - ABYTES)
    const tag = Buffer.alloc(1)
    try {
      sodium.crypto_secretstream_xchacha20poly1305_pull(this.state, clear, tag, sealed, this.first ? this.prefix : null)
    } catch {
      throw damaged(this.path, `the frame at byte ${this.offset - length - 4} fails its check (changed or damaged)`)
    }
    this.first = false
    if (tag[0] === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      this.ended = true
      const extra = await this.file.read(Buffer.alloc(1), 0, 1, this.offset)
      if (extra.bytesRead !== 0) throw damaged(this.path, 'bytes follow its final frame')
      return null
    }
    return clear
  }

  async close(): Promise<void> {
    await this.file.close()
  }
}

function parseHeader(json: Buffer): Header | null {
  let h: unknown
  try {
    h = JSON.parse(json.toString('utf8'))
  } catch {
    return null
  }
  if (typeof h !== 'object' || h === null) return null
  const o = h as Record<string, unknown>
  const hex = (v: unknown, bytes: number) => typeof v === 'string' && v.length === bytes * 2 && /^[0-9a-f]+$/.test(v)
  const int = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
  if (o.kdf !== 'argon2id13') return null
  if (!int(o.opslimit, 1, MAX_OPSLIMIT) || !int(o.memlimit, 8192, MAX_MEMLIMIT)) return null
  if (!hex(o.salt, sodium.crypto_pwhash_SALTBYTES) || !hex(o.keyCheck, sodium.crypto_generichash_BYTES)) return null
  if (!hex(o.stream, sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES)) return null
  return o as unknown as Header
}

/**
 * The frames after the first (the manifest's JSON) hold store entries: u32 BE key length, key,
 * u32 BE value length, value, repeated. Read back with every length checked against the frame.
 */
export function packEntries(entries: ReadonlyArray<readonly [Buffer, Buffer]>): Buffer {
  let size = 0
  for (const [k, v] of entries) size += 8 + k.length + v.length
  const out = Buffer.alloc(size)
  let at = 0
  for (const [k, v] of entries) {
    out.writeUInt32BE(k.length, at)
    k.copy(out, at + 4)
    at += 4 + k.length
    out.writeUInt32BE(v.length, at)
    v.copy(out, at + 4)
    at += 4 + v.length
  }
  return out
}

export function unpackEntries(frame: Buffer, path: string): Array<[Buffer, Buffer]> {
  const out: Array<[Buffer, Buffer]> = []
  let at = 0
  const take = (): Buffer => {
    if (at + 4 > frame.length) throw damaged(path, 'a store entry is cut short')
    const n = frame.readUInt32BE(at)
    if (at + 4 + n > frame.length) throw damaged(path, 'a store entry is longer than its frame')
    const b = frame.subarray(at + 4, at + 4 + n)
    at += 4 + n
    return b
  }
  while (at < frame.length) out.push([take(), take()])
  return out
}
