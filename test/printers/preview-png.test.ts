import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROFILES, type ProfileId } from '../../printers/index.js'
import { barcodeSheetPng, previewPng, previewSvg } from '../../printers/preview-png.js'
import { render, renderText } from '../../printers/render.js'
import { demoBarcodes } from '../../demo/demo-site.js'
import { hasTool, skipReason } from '../helpers/tools.js'
import { DOCUMENTS } from './documents.js'

const zbar = hasTool('zbarimg', '--version')
const dir = mkdtempSync(join(tmpdir(), 'outpost-png-'))

/** Every symbol zbarimg finds in a PNG, as "TYPE:value". */
function decode(png: Buffer, name: string): string[] {
  const path = join(dir, name)
  writeFileSync(path, png)
  const run = spawnSync('zbarimg', ['--quiet', path], { encoding: 'utf8' })
  return run.stdout.split('\n').filter(Boolean).sort()
}

describe(`PNG preview, decoded by zbarimg${skipReason('zbar-tools (zbarimg)', zbar)}`, () => {
  for (const id of ['escpos-80-tr', 'escpos-58-tr'] as ProfileId[]) {
    it.skipIf(!zbar)(`a roll label on ${id}: its CODE128 and its QR code both decode to the roll's code`, () => {
      const preview = previewPng(DOCUMENTS['roll-label'], PROFILES[id])
      expect(preview.widthDots).toBe(PROFILES[id].columns * 12)
      expect(decode(preview.png, `roll-${id}.png`)).toEqual(['CODE-128:ROLL-2026-000123', 'QR-Code:ROLL-2026-000123'])
    })
  }

  it.skipIf(!zbar)('an EAN-13 roll label decodes to its 13 digits', () => {
    const doc = { ...DOCUMENTS['roll-label'], code: '4006381333931', symbology: 'ean13' as const }
    expect(decode(previewPng(doc, PROFILES['escpos-80-tr']).png, 'ean.png')).toEqual(['EAN-13:4006381333931', 'QR-Code:4006381333931'])
  })

  it.skipIf(!zbar)('the demo barcode sheet: every staff badge, product, shelf and roll code decodes', () => {
    const entries = demoBarcodes()
    expect(decode(barcodeSheetPng(entries), 'sheet.png')).toEqual(entries.map((e) => `CODE-128:${e.code}`).sort())
  })

  it.skipIf(!zbar)('a pick list and a location label carry their codes', () => {
    expect(decode(previewPng(DOCUMENTS['pick-list'], PROFILES['escpos-80-tr']).png, 'pick.png')).toEqual(['CODE-128:SO-1042'])
    expect(decode(previewPng(DOCUMENTS['location-label'], PROFILES['escpos-58-tr']).png, 'loc.png')).toEqual(['CODE-128:C-04-2'])
  })
})

describe('PNG preview without zbarimg', () => {
  it('is a PNG the size of the label at 8 dots per mm, far larger as a raster than as ESC/POS', () => {
    const preview = previewPng(DOCUMENTS['roll-label'], PROFILES['escpos-80-tr'])
    expect(preview.png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(preview.png.readUInt32BE(16)).toBe(576)
    expect(preview.png.readUInt32BE(20)).toBe(preview.heightDots)
    expect(preview.rasterBytes).toBeGreaterThan(10_000)
  })
})

describe('issue #21: what the preview draws is what prints, to the last column', () => {
  const long = { ...DOCUMENTS['roll-label'], name: 'Poplin 120 beyaz – A kalite' }

  for (const id of ['escpos-80-tr', 'escpos-58-tr'] as ProfileId[]) {
    it(`${id}: every line of text fits the printable width (DejaVu Sans Mono advances 0.602 em)`, () => {
      const { svg, widthDots } = previewSvg(long, PROFILES[id])
      const texts = [...svg.matchAll(/<text x="([\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)<\/text>/g)]
      expect(texts.length).toBeGreaterThan(4)
      for (const [, x, size, content] of texts) {
        const chars = [...content!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')].length
        expect(Number(x) + chars * 0.602 * Number(size), `"${content}" at ${size} px`).toBeLessThanOrEqual(widthDots)
      }
    })
  }

  it('an en dash prints, previews and draws as "-", never "?"', () => {
    const text = renderText(long, PROFILES['escpos-58-tr']).join('\n')
    expect(text).toContain('- A kalite')
    expect(text).not.toContain('?')
    const bytes = Buffer.from(render(long, PROFILES['escpos-58-tr']))
    expect(bytes.includes(Buffer.from('- A kalite', 'latin1'))).toBe(true)
    expect(previewSvg(long, PROFILES['escpos-58-tr']).svg).not.toContain('–')
  })

  it.skipIf(!zbar)('the label with the long name still decodes', () => {
    expect(decode(previewPng(long, PROFILES['escpos-58-tr']).png, 'long.png')).toEqual([
      'CODE-128:ROLL-2026-000123',
      'QR-Code:ROLL-2026-000123',
    ])
  })
})
