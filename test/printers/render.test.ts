import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROFILES, render, renderText, wrap, type ProfileId } from '../../printers/index.js'
import { EscPosReader, type ReadJob } from '../../printers/sim/escpos-reader.js'
import { DOCUMENTS } from './documents.js'

const roll = DOCUMENTS['roll-label']
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const contains = (bytes: Uint8Array, seq: number[]) => hex(bytes).includes(Buffer.from(seq).toString('hex'))

describe('code pages', () => {
  // byte values from the CP857 and CP858 tables, not from our own output
  it('Turkish letters print through CP857 (ESC t 13)', () => {
    const bytes = render({ ...roll, name: 'şğıİçöü' }, PROFILES['escpos-80-tr'])
    expect(contains(bytes, [0x1b, 0x74, 13])).toBe(true)
    expect(contains(bytes, [0x9f, 0xa7, 0x8d, 0x98, 0x87, 0x94, 0x81])).toBe(true)
  })
  it('é ß € print through CP858 (ESC t 19), the euro at 0xD5', () => {
    const bytes = render({ ...roll, name: 'é ß €' }, PROFILES['escpos-80-we'])
    expect(contains(bytes, [0x1b, 0x74, 19])).toBe(true)
    expect(contains(bytes, [0x82, 0x20, 0xe1, 0x20, 0xd5])).toBe(true)
  })
})

describe('labels', () => {
  for (const id of Object.keys(PROFILES) as ProfileId[]) {
    it(`a roll label on ${id} uses native barcode and QR commands and stays under 1 KB`, () => {
      const bytes = render(roll, PROFILES[id])
      const code = [...Buffer.from(roll.code)]
      expect(contains(bytes, [0x1d, 0x6b, 0x49])).toBe(true) // GS k, CODE128
      expect(contains(bytes, code)).toBe(true)
      expect(contains(bytes, [0x1d, 0x28, 0x6b])).toBe(true) // GS ( k, QR
      expect(contains(bytes, [0x1d, 0x76, 0x30])).toBe(false) // GS v 0: no raster image
      expect(bytes.length).toBeLessThan(1024)
    })
  }
})

describe('golden files', () => {
  // UPDATE_GOLDEN=1 rewrites them; read the .txt files before committing a change to them
  const golden = (name: string, actual: string) => {
    const path = join(import.meta.dirname, 'golden', name)
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual)
    expect(existsSync(path), `${name} is missing: UPDATE_GOLDEN=1 makes it, then review it`).toBe(true)
    expect(actual).toBe(readFileSync(path, 'utf8'))
  }
  for (const [docName, doc] of Object.entries(DOCUMENTS)) {
    for (const id of ['escpos-80-tr', 'escpos-58-tr'] as const) {
      it(`${docName} on ${id}: bytes and text preview are as reviewed`, () => {
        golden(`${docName}.${id}.hex`, hex(render(doc, PROFILES[id])) + '\n')
        golden(`${docName}.${id}.txt`, renderText(doc, PROFILES[id]).join('\n') + '\n')
      })
    }
  }
})

describe('every document', () => {
  for (const [docName, doc] of Object.entries(DOCUMENTS)) {
    for (const id of Object.keys(PROFILES) as ProfileId[]) {
      it(`${docName} on ${id}: no line wider than the paper, a native barcode, no raster image, a cut at the end`, () => {
        const profile = PROFILES[id]
        for (const line of renderText(doc, profile)) expect(line.length, line).toBeLessThanOrEqual(profile.columns)
        const bytes = render(doc, profile)
        expect(contains(bytes, [0x1d, 0x6b])).toBe(true)
        expect(contains(bytes, [0x1d, 0x76, 0x30])).toBe(false)
        expect(hex(bytes.slice(-6))).toContain('1d5601')
      })
    }
  }
  it('a COPY banner goes on top, in bold, when asked for', () => {
    const lines = renderText(roll, PROFILES['escpos-80-tr'], { banner: 'COPY' })
    expect(lines[0]).toBe('*** COPY ***')
    expect(renderText(roll, PROFILES['escpos-80-tr'])[0]).not.toContain('COPY')
  })
})

describe('wrap', () => {
  it.each([
    ['short', 10, ['short']],
    ['two words here', 9, ['two words', 'here']],
    ['abcdefghijkl', 5, ['abcde', 'fghij', 'kl']],
    ['    indented words go on', 12, ['    indented', '    words go', '    on']],
    ['', 10, ['']],
  ])('%j at %i columns', (text, width, expected) => {
    expect(wrap(text, width)).toEqual(expected)
  })
})

describe('what the printer reads back', () => {
  // the virtual printer's reader decodes the bytes independently of the layout code: what it
  // prints must be the text preview, line for line, with the barcodes carrying the right values
  for (const [docName, doc] of Object.entries(DOCUMENTS)) {
    for (const id of Object.keys(PROFILES) as ProfileId[]) {
      it(`${docName} on ${id}: the bytes print the preview's text and codes`, () => {
        const jobs: ReadJob[] = []
        new EscPosReader({ status: () => {}, job: (job) => jobs.push(job) }).push(render(doc, PROFILES[id]))
        expect(jobs).toHaveLength(1)
        const preview = renderText(doc, PROFILES[id])
        const isCode = (l: string) => /^\[(CODE128|EAN13|QR) /.test(l)
        const codes = preview.filter(isCode)
        expect(jobs[0]!.lines.filter((l) => l !== '')).toEqual(preview.filter((l) => !isCode(l)).map((l) => l.trimEnd()))
        expect([
          ...jobs[0]!.barcodes.map((b) => `[${b.symbology.toUpperCase()} ${b.value}]`),
          ...jobs[0]!.qrcodes.map((q) => `[QR ${q}]`),
        ]).toEqual(codes)
        expect(jobs[0]!.unknownCommands).toBe(0)
      })
    }
  }
})

describe('the virtual printer reads job after job', () => {
  it('two labels back to back on one connection are two jobs, each starting with its own first line', () => {
    const jobs: ReadJob[] = []
    const reader = new EscPosReader({ status: () => {}, job: (job) => jobs.push(job) })
    const a = render(DOCUMENTS['roll-label'], PROFILES['escpos-80-tr'])
    const b = render(DOCUMENTS['location-label'], PROFILES['escpos-80-tr'])
    // split at an odd place, as TCP may
    const both = Buffer.concat([a, b])
    reader.push(both.subarray(0, 101))
    reader.push(both.subarray(101))
    expect(jobs.map((j) => j.lines[0])).toEqual(['Kumaş Poplin', 'C-04-2'])
    expect(jobs.map((j) => j.barcodes[0]?.value)).toEqual(['ROLL-2026-000123', 'C-04-2'])
  })
})
