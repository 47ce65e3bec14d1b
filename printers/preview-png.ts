import { Resvg } from '@resvg/resvg-js'
import bwipjs from 'bwip-js'
import { createRequire } from 'node:module'
import type { PrintDocument } from './documents.js'
import { layout, pairLine, type LayoutOptions } from './layout.js'
import type { PrinterProfile } from './profiles.js'
import { BARCODE_HEIGHT, barcodeModule, qrModule } from './render.js'

/**
 * The PNG preview (`--preview out.png`): the same layout steps as the printer bytes, drawn at the
 * printer's own resolution (8 dots per mm; Font A is 12x24 dots), with the barcodes and the QR
 * code drawn by bwip-js. The font ships with the package (dejavu-fonts-ttf), so a preview looks
 * the same on a Pi with no fonts installed.
 */
const require = createRequire(import.meta.url)
const FONT_FILES = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf'),
]
const FONT = 'DejaVu Sans Mono'
/**
 * DejaVu Sans Mono advances 0.602 em: 19.9 px gives just under the 12-dot cell of the printer's
 * Font A. At 20 px (12.04 dots a character) a full line of 32 or 48 ran past the printable width
 * and the last character was clipped ("beyaz" read "beya", issue #21).
 */
const FONT_PX = 19.9
const LINE = 24
const DOTS_PER_MM = 8

export interface Preview {
  png: Buffer
  svg: string
  widthDots: number
  heightDots: number
  /** What the same label costs sent as a 1-bit raster image (GS v 0): width x height / 8 + header. */
  rasterBytes: number
}

export function previewSvg(doc: PrintDocument, profile: PrinterProfile, options: LayoutOptions = {}): Omit<Preview, 'png'> {
  // the printable width: 72 mm of an 80 mm roll, 48 mm of a 58 mm roll
  const width = profile.columns * 12
  const parts: string[] = []
  let y = 8
  for (const step of layout(doc, profile.columns, options)) {
    switch (step.op) {
      case 'title':
        parts.push(text(0, y + 40, step.text, FONT_PX * 2, true))
        y += LINE * 2
        break
      case 'line':
        parts.push(text(0, y + 19, step.text, FONT_PX, step.bold === true))
        y += LINE
        break
      case 'pair':
        parts.push(text(0, y + 19, pairLine(step.left, step.right, profile.columns), FONT_PX, false))
        y += LINE
        break
      case 'rule':
        parts.push(`<rect x="0" y="${y + 11}" width="${width}" height="2"/>`)
        y += LINE
        break
      case 'gap':
        y += LINE
        break
      case 'barcode': {
        const svg = bwipjs.toSVG({
          bcid: step.symbology,
          text: step.value,
          height: BARCODE_HEIGHT / DOTS_PER_MM,
          scale: barcodeModule(profile),
        })
        y += 8 + embed(parts, svg, width, y, BARCODE_HEIGHT) + 8
        break
      }
      case 'qr': {
        // bwip-js draws a QR module 2 units per unit of scale
        const svg = bwipjs.toSVG({ bcid: 'qrcode', text: step.value, scale: qrModule(profile) / 2 })
        y += 8 + embed(parts, svg, width, y + 8, null) + 16
        break
      }
    }
  }
  const height = y + 3 * LINE // the feed before the cut
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    parts.join('') +
    '</svg>'
  return { svg, widthDots: width, heightDots: height, rasterBytes: Math.ceil(width / 8) * height + 8 }
}

/** Render the preview to PNG. */
export function previewPng(doc: PrintDocument, profile: PrinterProfile, options: LayoutOptions = {}): Preview {
  const preview = previewSvg(doc, profile, options)
  const resvg = new Resvg(preview.svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT },
    background: '#ffffff',
  })
  return { ...preview, png: resvg.render().asPng() }
}

/** Place a bwip-js SVG centred, `height` dots tall (or its own height), at its module size. */
function embed(parts: string[], svg: string, width: number, y: number, height: number | null): number {
  const box = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)
  if (box === null) throw new Error('bwip-js returned an SVG without a viewBox')
  const w = Number(box[1])
  const h = height ?? Number(box[2])
  const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '')
  parts.push(
    `<svg x="${Math.max(0, Math.round((width - w) / 2))}" y="${y}" width="${w}" height="${h}" viewBox="0 0 ${w} ${box[2]}" preserveAspectRatio="none">${inner}</svg>`,
  )
  return h
}

function text(x: number, y: number, value: string, size: number, bold: boolean): string {
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}"${bold ? ' font-weight="bold"' : ''} xml:space="preserve">${escaped}</text>`
}

/**
 * A sheet of CODE128 barcodes with captions, two to a row, to print on paper (the demo's codes,
 * so that a person with a real scanner can try Outpost without labels of their own).
 */
export function barcodeSheetPng(entries: ReadonlyArray<{ caption: string; code: string }>): Buffer {
  const width = 1200
  const cell = { w: width / 2, h: 190 }
  const parts: string[] = []
  entries.forEach((entry, i) => {
    const x = (i % 2) * cell.w
    const y = Math.floor(i / 2) * cell.h + 20
    parts.push(`<g transform="translate(${x} 0)">`)
    parts.push(text(30, y + 24, entry.caption.slice(0, 44), FONT_PX, true))
    const inner: string[] = []
    embed(inner, bwipjs.toSVG({ bcid: 'code128', text: entry.code, height: BARCODE_HEIGHT / DOTS_PER_MM, scale: 3 }), cell.w, y + 40, 90)
    parts.push(...inner, text(30, y + 160, entry.code, FONT_PX, false), '</g>')
  })
  const height = Math.ceil(entries.length / 2) * cell.h + 40
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT }, background: '#ffffff' })
  return resvg.render().asPng()
}
