import CodepageEncoder from '@point-of-sale/codepage-encoder'
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder'
import type { PrintDocument } from './documents.js'
import { layout, pairLine, type LayoutOptions } from './layout.js'
import type { PrinterProfile } from './profiles.js'

/** Barcode height in dots (8 dots per mm at 203 dpi): 7.5 mm, easy to scan, short on paper. */
export const BARCODE_HEIGHT = 60
/** CODE128/EAN-13 module width in dots: 3 on 80 mm paper, 2 on 58 mm so a 20-character code still fits. */
export const barcodeModule = (profile: PrinterProfile): number => (profile.paperMm === 80 ? 3 : 2)
/** QR module size in dots, by paper width. */
export const qrModule = (profile: PrinterProfile): number => (profile.paperMm === 80 ? 6 : 4)

/**
 * The printer bytes for a document on a printer with this profile: native barcode and QR
 * commands, not raster images, so a label is a few hundred bytes.
 */
export function render(doc: PrintDocument, profile: PrinterProfile, options: LayoutOptions = {}): Uint8Array {
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: profile.columns, codepageMapping: 'epson' })
  e.initialize().codepage(profile.codepage)
  for (const step of layout(doc, profile.columns, options)) {
    switch (step.op) {
      case 'title':
        e.bold(true).size(2, 2).line(step.text).size(1, 1).bold(false)
        break
      case 'line':
        if (step.bold === true) e.bold(true).line(step.text).bold(false)
        else e.line(step.text)
        break
      case 'pair':
        e.line(pairLine(step.left, step.right, profile.columns))
        break
      case 'rule':
        e.rule()
        break
      case 'gap':
        e.newline()
        break
      case 'barcode':
        e.align('center')
          .barcode(step.value, step.symbology, { height: BARCODE_HEIGHT, width: barcodeModule(profile), text: false })
          .align('left')
        break
      case 'qr':
        e.align('center').qrcode(step.value, 2, qrModule(profile), 'm').align('left')
        break
    }
  }
  return e.newline(2).cut('partial').encode()
}

/**
 * The same document as text lines: the TUI's preview, and what golden tests read. A character
 * the printer's code page lacks shows as "?", as it will print: a Western European printer
 * cannot print "ş", and the preview says so before the label is wasted.
 */
export function renderText(doc: PrintDocument, profile: PrinterProfile, options: LayoutOptions = {}): string[] {
  const known = new Set(CodepageEncoder.getEncoding(profile.codepage).codepoints)
  const printable = (text: string) => [...text].map((c) => (known.has(c.codePointAt(0)!) ? c : '?')).join('')
  return layout(doc, profile.columns, options).map((step) => {
    switch (step.op) {
      case 'title':
      case 'line':
        return printable(step.text)
      case 'pair':
        return printable(pairLine(step.left, step.right, profile.columns))
      case 'rule':
        return '─'.repeat(profile.columns)
      case 'gap':
        return ''
      case 'barcode':
        return `[${step.symbology.toUpperCase()} ${step.value}]`
      case 'qr':
        return `[QR ${step.value}]`
    }
  })
}
