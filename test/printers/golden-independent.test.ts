import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOCUMENTS } from './documents.js'

/**
 * The golden ESC/POS files (golden/*.hex) come from the renderer itself, and the virtual printer's
 * reader (printers/sim/escpos-reader.ts) was written by the same hands: a barcode command both
 * get wrong the same way would pass every other test. This reads the golden bytes once more,
 * with a walker written here from the Epson ESC/POS Application Programming Guide (command
 * reference, "GS k" function B and "GS ( k" QR Code cn=49), sharing no code with printers/:
 * every byte of every file must be a command it knows, with its parameters in the ranges the
 * reference gives, and the barcodes and QR codes must carry what the document says.
 */

const GOLDEN = join(import.meta.dirname, 'golden')
const ESC = 0x1b
const GS = 0x1d
const FS = 0x1c

interface Barcode {
  system: string
  /** The human-readable content, code sets resolved. */
  text: string
}
interface Qr {
  model: number | null
  moduleSize: number | null
  errorCorrection: string | null
  data: string
  printed: boolean
}
interface Reading {
  barcodes: Barcode[]
  qrs: Qr[]
  cuts: number
  /** Text between commands, as bytes (code page decoding is not the point here). */
  textBytes: number
}

/** ESC and GS commands with a fixed count of parameter bytes (Epson command reference). */
const FIXED: Record<number, Record<number, number>> = {
  [ESC]: {
    0x40: 0, // ESC @ initialize
    0x21: 1, // ESC ! print mode
    0x45: 1, // ESC E emphasized
    0x4d: 1, // ESC M character font
    0x61: 1, // ESC a justification
    0x74: 1, // ESC t code page
    0x64: 1, // ESC d feed n lines
    0x2d: 1, // ESC - underline
    0x32: 0, // ESC 2 default line spacing
    0x33: 1, // ESC 3 line spacing
  },
  [GS]: {
    0x21: 1, // GS ! character size
    0x48: 1, // GS H HRI position
    0x68: 1, // GS h bar code height
    0x77: 1, // GS w bar code module width
    0x66: 1, // GS f HRI font
  },
  [FS]: {
    0x2e: 0, // FS . cancel Kanji character mode
  },
}

/** GS k function B (m = 65..79): the bar code systems and their names. */
const SYSTEMS: Record<number, string> = {
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
}

/** CODE128 data of GS k m=73: "{A" "{B" "{C" select a code set, "{{" is "{", code set C is one byte per two digits. */
function code128Text(data: number[]): string {
  expect(
    [0x41, 0x42, 0x43].map((c) => [0x7b, c].join()),
    'CODE128 data starts with a code set ({A, {B or {C)',
  ).toContain(data.slice(0, 2).join())
  let set = ''
  let text = ''
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!
    if (b === 0x7b) {
      const next = data[++i]
      expect(next, 'a "{" in CODE128 data is followed by its meaning').toBeDefined()
      if (next === 0x7b) text += '{'
      else if (next === 0x41 || next === 0x42 || next === 0x43) set = String.fromCharCode(next)
      else if (next === 0x31 || next === 0x32 || next === 0x33 || next === 0x34 || next === 0x53)
        continue // FNC1-4, SHIFT: no text
      else throw new Error(`"{" followed by 0x${next!.toString(16)} is not a CODE128 code of the reference`)
    } else if (set === 'C') {
      expect(b, 'code set C holds 00..99 per byte').toBeLessThanOrEqual(99)
      text += String(b).padStart(2, '0')
    } else if (set === 'B') {
      expect(b >= 0x20 && b <= 0x7f, `code set B holds 32..127, not ${b}`).toBe(true)
      text += String.fromCharCode(b)
    } else {
      expect(b <= 0x5f, `code set A holds 0..95, not ${b}`).toBe(true)
      text += String.fromCharCode(b)
    }
  }
  return text
}

function read(bytes: Uint8Array): Reading {
  const out: Reading = { barcodes: [], qrs: [], cuts: 0, textBytes: 0 }
  let qr: Qr = { model: null, moduleSize: null, errorCorrection: null, data: '', printed: false }
  let i = 0
  const need = (n: number, what: string) => expect(i + n <= bytes.length, `${what} at byte ${i} runs past the end`).toBe(true)
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b === 0x0a || b === 0x0d || b === 0x09) {
      i++
      continue
    }
    if (b >= 0x20) {
      out.textBytes++
      i++
      continue
    }
    if (b !== ESC && b !== GS && b !== FS) throw new Error(`control byte 0x${b.toString(16)} at ${i} is no command of the reference`)
    need(2, 'a command')
    const c = bytes[i + 1]!
    const at = i
    if (b === GS && c === 0x6b) {
      // GS k m n d1..dn (function B), or GS k m d1..dk NUL (function A, m 0..6)
      need(3, 'GS k')
      const m = bytes[i + 2]!
      if (m <= 6) throw new Error(`GS k function A (m=${m}) at ${at}: Outpost sends function B only`)
      expect(SYSTEMS[m], `GS k m=${m} at ${at} is a bar code system`).toBeDefined()
      const n = bytes[i + 3]!
      need(4 + n, 'GS k data')
      const data = [...bytes.subarray(i + 4, i + 4 + n)]
      const system = SYSTEMS[m]!
      out.barcodes.push({ system, text: system === 'CODE128' ? code128Text(data) : String.fromCharCode(...data) })
      if (system === 'CODE128') expect(n, 'CODE128 takes 2..255 bytes').toBeGreaterThanOrEqual(2)
      i += 4 + n
      continue
    }
    if (b === GS && c === 0x28) {
      // GS ( fn pL pH d1..dk, k = pL + 256 pH
      need(5, 'GS (')
      const fn = bytes[i + 2]!
      const k = bytes[i + 3]! + 256 * bytes[i + 4]!
      need(5 + k, 'GS ( data')
      const p = [...bytes.subarray(i + 5, i + 5 + k)]
      expect(fn, `GS ( ${String.fromCharCode(fn)} at ${at}: only GS ( k (2D codes) is expected`).toBe(0x6b)
      expect(p[0], 'cn = 49: QR Code').toBe(49)
      const f = p[1]
      if (f === 65) {
        // <Function 165> select the model: n1 = 49 model 1, 50 model 2, 51 micro; n2 = 0
        expect([k, p[3]]).toEqual([4, 0])
        expect([49, 50, 51]).toContain(p[2])
        qr.model = p[2]! - 48
      } else if (f === 67) {
        // <Function 167> module size 1..16 dots
        expect(k).toBe(3)
        expect(p[2]! >= 1 && p[2]! <= 16, `module size ${p[2]}`).toBe(true)
        qr.moduleSize = p[2]!
      } else if (f === 69) {
        // <Function 169> error correction: 48 L, 49 M, 50 Q, 51 H
        expect(k).toBe(3)
        qr.errorCorrection = 'LMQH'[p[2]! - 48] ?? null
        expect(qr.errorCorrection, `error correction n=${p[2]}`).not.toBeNull()
      } else if (f === 80) {
        // <Function 180> store the data: m = 48, then k - 3 bytes
        expect(p[2], 'm = 48').toBe(48)
        expect(k - 3, 'QR data of 1..7089 bytes').toBeGreaterThanOrEqual(1)
        qr.data = Buffer.from(p.slice(3)).toString('latin1')
      } else if (f === 81) {
        // <Function 181> print the symbol from the stored data: m = 48
        expect([k, p[2]]).toEqual([3, 48])
        expect(qr.data, 'a QR is printed only after its data was stored').not.toBe('')
        out.qrs.push({ ...qr, printed: true })
        qr = { model: null, moduleSize: null, errorCorrection: null, data: '', printed: false }
      } else throw new Error(`GS ( k QR function ${f} at ${at} is not expected`)
      i += 5 + k
      continue
    }
    if (b === GS && c === 0x56) {
      // GS V m (m = 0, 1, 48, 49) or GS V m n (m = 65, 66, 97, 98, 103, 104)
      need(3, 'GS V')
      const m = bytes[i + 2]!
      if ([0, 1, 48, 49].includes(m)) i += 3
      else if ([65, 66, 97, 98, 103, 104].includes(m)) i += 4
      else throw new Error(`GS V m=${m} at ${at} is not a cut of the reference`)
      out.cuts++
      continue
    }
    const params = FIXED[b]?.[c]
    if (params === undefined) throw new Error(`0x${b.toString(16)} 0x${c.toString(16)} at ${at} is a command this reading does not know`)
    need(2 + params, 'parameters')
    if (b === GS && c === 0x68) expect(bytes[i + 2]!, 'GS h: height 1..255').toBeGreaterThanOrEqual(1)
    if (b === GS && c === 0x77) expect([2, 3, 4, 5, 6], 'GS w: module width 2..6').toContain(bytes[i + 2])
    if (b === GS && c === 0x48) expect([0, 1, 2, 3, 48, 49, 50, 51], 'GS H: HRI position').toContain(bytes[i + 2])
    i += 2 + params
  }
  return out
}

/** What each document's symbols must carry, from the document (not from any reader). */
const EXPECTED: Record<string, { barcodes: string[]; qrs: string[] }> = {
  'roll-label': { barcodes: [DOCUMENTS['roll-label'].code], qrs: [DOCUMENTS['roll-label'].code] },
  'location-label': { barcodes: [DOCUMENTS['location-label'].code], qrs: [] },
  'kds-chit': { barcodes: [DOCUMENTS['kds-chit'].ticket], qrs: [] },
  'pick-list': { barcodes: [DOCUMENTS['pick-list'].order], qrs: [] },
  'count-sheet': { barcodes: [DOCUMENTS['count-sheet'].location], qrs: [] },
}

describe('the golden ESC/POS files, read independently of printers/', () => {
  const files = readdirSync(GOLDEN).filter((f) => f.endsWith('.hex'))

  it('there is a golden file for every document on both Turkish profiles', () => {
    expect(files.sort()).toEqual(
      Object.keys(DOCUMENTS)
        .flatMap((d) => [`${d}.escpos-58-tr.hex`, `${d}.escpos-80-tr.hex`])
        .sort(),
    )
  })

  for (const file of files) {
    it(`${file}: every byte is a known command, and the symbols carry the document's values`, () => {
      const bytes = Buffer.from(readFileSync(join(GOLDEN, file), 'utf8').trim(), 'hex')
      const doc = file.split('.')[0]!
      const reading = read(bytes)
      expect(reading.cuts, 'one job, one cut').toBe(1)
      expect(reading.textBytes, 'the document has text').toBeGreaterThan(0)
      expect(reading.barcodes).toEqual(EXPECTED[doc]!.barcodes.map((text) => ({ system: 'CODE128', text })))
      expect(reading.qrs.map((q) => q.data)).toEqual(EXPECTED[doc]!.qrs)
      for (const q of reading.qrs) {
        expect(q, 'model 2, error correction M, a module size set').toMatchObject({ model: 2, errorCorrection: 'M', printed: true })
        expect(q.moduleSize).not.toBeNull()
      }
    })
  }

  it('the reading refuses what the reference does not allow (so its checks can fail)', () => {
    const gsk = (m: number, data: number[]) => Uint8Array.from([GS, 0x6b, m, data.length, ...data])
    expect(read(gsk(73, [0x7b, 0x42, 0x41, 0x42])).barcodes).toEqual([{ system: 'CODE128', text: 'AB' }])
    expect(read(gsk(73, [0x7b, 0x43, 12, 34, 0x7b, 0x42, 0x58])).barcodes).toEqual([{ system: 'CODE128', text: '1234X' }])
    expect(() => read(gsk(73, [0x41, 0x42]))).toThrow(/code set/)
    expect(() => read(gsk(73, [0x7b, 0x43, 100]))).toThrow(/00\.\.99/)
    expect(() => read(Uint8Array.from([GS, 0x6b, 73, 10, 0x7b, 0x42]))).toThrow(/runs past the end/)
    expect(() => read(Uint8Array.from([GS, 0x28, 0x6b, 3, 0, 49, 81, 48]))).toThrow(/only after its data was stored/)
    expect(() => read(Uint8Array.from([ESC, 0x7e]))).toThrow(/does not know/)
  })
})
