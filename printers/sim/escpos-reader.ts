import CodepageEncoder from '@point-of-sale/codepage-encoder'

/**
 * Reads an ESC/POS byte stream the way a printer does, for the virtual printer: text through the
 * code page selected with ESC t, barcodes and QR codes by their values, one job per cut.
 * Real-time status queries (DLE EOT n) are reported as they arrive, wherever they fall.
 * It knows the commands Outpost's encoder sends and the common ones around them; an unknown
 * ESC or GS command is skipped with one parameter byte and counted, so tests can see it.
 */
export interface ReadJob {
  bytes: Uint8Array
  /** Printed text lines, decoded. */
  lines: string[]
  barcodes: Array<{ symbology: string; value: string }>
  qrcodes: string[]
  /** Raster images (GS v 0): Outpost never sends one. */
  rasters: number
  unknownCommands: number
}

export interface ReaderEvents {
  status(n: number): void
  job(job: ReadJob): void
}

/** Epson's ESC t numbers for the code pages we may meet. */
const CODE_PAGES: Record<number, string> = { 0: 'cp437', 2: 'cp850', 13: 'cp857', 16: 'windows1252', 19: 'cp858' }
const ESC = 0x1b
const GS = 0x1d
const DLE = 0x10
const FS = 0x1c
/** ESC commands and how many parameter bytes follow them. */
const ESC_PARAMS: Record<number, number> = {
  0x40: 0,
  0x32: 0,
  0x74: 1,
  0x4d: 1,
  0x45: 1,
  0x61: 1,
  0x64: 1,
  0x2d: 1,
  0x47: 1,
  0x52: 1,
  0x33: 1,
  0x21: 1,
  0x4a: 1,
  0x7b: 1,
  0x56: 1,
  0x3d: 1,
  0x24: 2,
  0x70: 3,
}
const GS_PARAMS: Record<number, number> = {
  0x21: 1,
  0x68: 1,
  0x77: 1,
  0x48: 1,
  0x66: 1,
  0x42: 1,
  0x4c: 2,
  0x57: 2,
  0x61: 1,
  0x49: 1,
  0x72: 1,
}

export class EscPosReader {
  private pending: number[] = []
  private job: number[] = []
  private lines: string[] = []
  private line: number[] = []
  private barcodes: ReadJob['barcodes'] = []
  private qrcodes: string[] = []
  private rasters = 0
  private unknown = 0
  private codepage = 'cp437'

  constructor(private readonly events: ReaderEvents) {}

  push(chunk: Uint8Array): void {
    for (const byte of chunk) this.pending.push(byte)
    let used: number
    while (this.pending.length > 0 && (used = this.step()) > 0) this.pending.splice(0, used)
  }

  /** Read one command or character from `pending`; 0 when it needs more bytes. */
  private step(): number {
    const p = this.pending
    const b = p[0]!
    if (b === DLE) {
      if (p.length < 3) return 0
      if (p[1] === 0x04) this.events.status(p[2]!)
      return 3 // DLE EOT n, DLE ENQ n: real time, never part of a job
    }
    if (b === 0x0a || b === 0x0d) {
      // feeds after a cut, before the next job's first command, belong to no job
      if (this.job.length === 0) return 1
      if (b === 0x0a) this.endLine()
      this.job.push(b)
      return 1
    }
    this.job.push(b)
    if (b === ESC) return this.escape()
    if (b === GS) return this.groupSeparator()
    if (b === FS) return this.keep(2)
    if (b < 0x20) return 1
    this.line.push(b)
    return 1
  }

  /** Keep `n` bytes of a command in the job (the first is pushed already). */
  private keep(n: number): number {
    if (this.pending.length < n) {
      this.job.pop()
      return 0
    }
    for (let i = 1; i < n; i++) this.job.push(this.pending[i]!)
    return n
  }

  private escape(): number {
    const p = this.pending
    if (p.length < 2) return this.keep(2)
    const params = ESC_PARAMS[p[1]!]
    if (params === undefined) this.unknown++
    const n = this.keep(2 + (params ?? 1))
    if (n > 0 && p[1] === 0x74) this.codepage = CODE_PAGES[p[2]!] ?? 'cp437'
    return n
  }

  private groupSeparator(): number {
    const p = this.pending
    if (p.length < 2) return this.keep(2)
    const cmd = p[1]!
    if (cmd === 0x56) {
      if (p.length < 3) return this.keep(3)
      const n = this.keep([65, 66, 97, 98, 103, 104].includes(p[2]!) ? 4 : 3)
      if (n > 0) this.cut()
      return n
    }
    if (cmd === 0x6b) return this.barcode()
    if (cmd === 0x28) {
      if (p.length < 5) return this.keep(5)
      const length = p[3]! + p[4]! * 256
      const n = this.keep(5 + length)
      // GS ( k, cn 49 (QR), fn 80: store the data to print
      if (n > 0 && p[2] === 0x6b && p[5] === 49 && p[6] === 80) this.qrcodes.push(Buffer.from(p.slice(8, 5 + length)).toString('latin1'))
      return n
    }
    if (cmd === 0x76) {
      if (p.length < 8) return this.keep(8)
      const n = this.keep(8 + (p[4]! + p[5]! * 256) * (p[6]! + p[7]! * 256))
      if (n > 0) this.rasters++
      return n
    }
    const params = GS_PARAMS[cmd]
    if (params === undefined) this.unknown++
    return this.keep(2 + (params ?? 1))
  }

  private barcode(): number {
    const p = this.pending
    if (p.length < 4) return this.keep(4)
    const m = p[2]!
    let data: number[]
    let n: number
    if (m <= 6) {
      const end = p.indexOf(0, 3)
      if (end === -1) return this.keep(p.length + 1)
      data = p.slice(3, end)
      n = this.keep(end + 1)
    } else {
      data = p.slice(4, 4 + p[3]!)
      n = this.keep(4 + p[3]!)
    }
    if (n > 0)
      this.barcodes.push({
        symbology: SYMBOLOGIES[m] ?? `m${m}`,
        value: m === 73 ? code128Value(data) : Buffer.from(data).toString('latin1'),
      })
    return n
  }

  private endLine(): void {
    const decoded = CodepageEncoder.getEncoding(this.codepage as Parameters<typeof CodepageEncoder.getEncoding>[0]).codepoints
    this.lines.push(String.fromCodePoint(...this.line.map((b) => decoded[b] ?? 0x3f)).trimEnd())
    this.line = []
  }

  private cut(): void {
    if (this.line.length > 0) this.endLine()
    // feeds before the first command of the next job are not a job
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop()
    this.events.job({
      bytes: Uint8Array.from(this.job),
      lines: this.lines,
      barcodes: this.barcodes,
      qrcodes: this.qrcodes,
      rasters: this.rasters,
      unknownCommands: this.unknown,
    })
    this.job = []
    this.lines = []
    this.barcodes = []
    this.qrcodes = []
    this.rasters = 0
    this.unknown = 0
  }
}

const SYMBOLOGIES: Record<number, string> = { 2: 'ean13', 67: 'ean13', 4: 'code39', 69: 'code39', 73: 'code128' }

/** CODE128 data in ESC/POS: "{A" "{B" "{C" switch code sets ("{{" is a brace); in set C a byte is two digits. */
function code128Value(data: number[]): string {
  let set = 'B'
  let out = ''
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!
    if (b === 0x7b && i + 1 < data.length) {
      const next = String.fromCharCode(data[i + 1]!)
      i++
      if (next === 'A' || next === 'B' || next === 'C') set = next
      else if (next === '{') out += '{'
      continue
    }
    out += set === 'C' ? b.toString().padStart(2, '0') : String.fromCharCode(b)
  }
  return out
}
