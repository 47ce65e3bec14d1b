import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder'
import type { LocationLabel, PrintDocument, RollLabel } from './documents.js'
import type { PrinterProfile } from './profiles.js'

/**
 * One layout, two outputs: ESC/POS bytes for the printer (native barcode and QR commands, not
 * raster images, so a label is a few hundred bytes) and plain text lines for the TUI's preview
 * and for golden tests. Both are built from the same list of layout steps.
 */
type Step =
  | { op: 'title'; text: string }
  | { op: 'line'; text: string }
  | { op: 'pair'; left: string; right: string }
  | { op: 'rule' }
  | { op: 'barcode'; value: string; symbology: 'code128' | 'ean13' }
  | { op: 'qr'; value: string }

function layout(doc: PrintDocument): Step[] {
  switch (doc.kind) {
    case 'roll-label':
      return rollLabel(doc)
    case 'location-label':
      return locationLabel(doc)
  }
}

function rollLabel(doc: RollLabel): Step[] {
  return [
    { op: 'title', text: doc.name },
    { op: 'pair', left: doc.sku, right: `lot ${doc.lot}` },
    ...doc.attributes.map(([k, v]) => ({ op: 'pair' as const, left: k, right: v })),
    { op: 'rule' },
    { op: 'pair', left: 'quantity', right: doc.quantity },
    { op: 'barcode', value: doc.code, symbology: doc.symbology },
    // the QR code carries the same code, for phones and 2D scanners
    { op: 'qr', value: doc.code },
  ]
}

function locationLabel(doc: LocationLabel): Step[] {
  return [
    { op: 'title', text: doc.code },
    { op: 'pair', left: `rack ${doc.rack}`, right: `bin ${doc.bin}` },
    { op: 'barcode', value: doc.code, symbology: 'code128' },
  ]
}

function pair(left: string, right: string, columns: number): string {
  const room = Math.max(1, columns - right.length - 1)
  const l = left.length > room ? left.slice(0, room - 1) + '…' : left
  return l + ' '.repeat(Math.max(1, columns - l.length - right.length)) + right
}

/** The printer bytes for a document on a printer with this profile. */
export function render(doc: PrintDocument, profile: PrinterProfile): Uint8Array {
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: profile.columns, codepageMapping: 'epson' })
  e.initialize().codepage(profile.codepage)
  for (const step of layout(doc)) {
    switch (step.op) {
      case 'title':
        e.bold(true)
          .size(2, 2)
          .line(step.text.slice(0, Math.floor(profile.columns / 2)))
          .size(1, 1)
          .bold(false)
        break
      case 'line':
        e.line(step.text)
        break
      case 'pair':
        e.line(pair(step.left, step.right, profile.columns))
        break
      case 'rule':
        e.rule()
        break
      case 'barcode':
        e.align('center').barcode(step.value, step.symbology, 60).align('left')
        break
      case 'qr':
        e.align('center')
          .qrcode(step.value, 2, profile.paperMm === 80 ? 6 : 4, 'm')
          .align('left')
        break
    }
  }
  return e.newline(2).cut('partial').encode()
}

/** The same document as text lines: the TUI's preview, and what golden tests read. */
export function renderText(doc: PrintDocument, profile: PrinterProfile): string[] {
  return layout(doc).map((step) => {
    switch (step.op) {
      case 'title':
        return step.text.toUpperCase().slice(0, profile.columns)
      case 'line':
        return step.text.slice(0, profile.columns)
      case 'pair':
        return pair(step.left, step.right, profile.columns)
      case 'rule':
        return '─'.repeat(profile.columns)
      case 'barcode':
        return `[${step.symbology.toUpperCase()} ${step.value}]`
      case 'qr':
        return `[QR ${step.value}]`
    }
  })
}
