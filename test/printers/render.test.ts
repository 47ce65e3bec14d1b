import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROFILES, render, renderText, type PrintDocument, type ProfileId } from '../../printers/index.js'

const roll: PrintDocument = {
  kind: 'roll-label',
  name: 'Kumaş Poplin',
  sku: 'POP-120-NV',
  attributes: [
    ['quality', 'A'],
    ['color', 'lacivert'],
  ],
  quantity: '1.720 m',
  lot: 'L2026-114',
  code: 'ROLL-2026-000123',
  symbology: 'code128',
}
const location: PrintDocument = { kind: 'location-label', code: 'C-04-2', rack: 'C', bin: '04-2' }

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
      const code = [...Buffer.from(roll.kind === 'roll-label' ? roll.code : '')]
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
  for (const [docName, doc] of [
    ['roll-label', roll],
    ['location-label', location],
  ] as const) {
    for (const id of ['escpos-80-tr', 'escpos-58-tr'] as const) {
      it(`${docName} on ${id}: bytes and text preview are as reviewed`, () => {
        golden(`${docName}.${id}.hex`, hex(render(doc, PROFILES[id])) + '\n')
        golden(`${docName}.${id}.txt`, renderText(doc, PROFILES[id]).join('\n') + '\n')
      })
    }
  }
})
