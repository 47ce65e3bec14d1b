import type { CountSheet, IntakeLabel, KdsChit, LocationLabel, PickList, PrintDocument, RollLabel } from './documents.js'

/**
 * A document as a list of layout steps. The ESC/POS bytes, the text preview and the PNG preview
 * are all drawn from these steps, so what the TUI shows is what the printer gets.
 * Text is wrapped here, to the profile's columns, so every output breaks lines in the same places.
 */
export type Step =
  | { op: 'title'; text: string }
  | { op: 'line'; text: string; bold?: boolean }
  | { op: 'pair'; left: string; right: string }
  | { op: 'rule' }
  | { op: 'gap' }
  | { op: 'barcode'; value: string; symbology: 'code128' | 'ean13' }
  | { op: 'qr'; value: string }

export interface LayoutOptions {
  /** A line printed first, in bold: "COPY" on a job that may have printed before. */
  banner?: string
}

/**
 * Typographic characters that no printer code page has, and what prints instead. Seen (issue #21):
 * an en dash printed and previewed as "?". Applied to every step, so bytes, text and PNG agree.
 */
const FALLBACK: Record<string, string> = {
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2212': '-', // minus sign
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u2022': '*',
}
const FALLBACK_RE = new RegExp(`[${Object.keys(FALLBACK).join('')}]`, 'g')
export const plainText = (text: string): string => text.replace(FALLBACK_RE, (c) => FALLBACK[c]!)

function plain(step: Step): Step {
  switch (step.op) {
    case 'title':
    case 'line':
      return { ...step, text: plainText(step.text) }
    case 'pair':
      return { ...step, left: plainText(step.left), right: plainText(step.right) }
    default:
      return step
  }
}

export function layout(doc: PrintDocument, columns: number, options: LayoutOptions = {}): Step[] {
  const steps = body(doc).map(plain)
  const out: Step[] = options.banner === undefined ? [] : [{ op: 'line', text: `*** ${options.banner} ***`, bold: true }]
  for (const step of steps) out.push(...fit(step, columns))
  return out
}

function body(doc: PrintDocument): Step[] {
  switch (doc.kind) {
    case 'roll-label':
      return rollLabel(doc)
    case 'location-label':
      return locationLabel(doc)
    case 'kds-chit':
      return kdsChit(doc)
    case 'pick-list':
      return pickList(doc)
    case 'count-sheet':
      return countSheet(doc)
    case 'intake-label':
      return intakeLabel(doc)
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
    // the QR code (error correction M, as BWIPP's default) carries the same code, for phones and 2D scanners
    { op: 'qr', value: doc.code },
  ]
}

function intakeLabel(doc: IntakeLabel): Step[] {
  return [
    { op: 'title', text: `REPAIR ${doc.repair}` },
    { op: 'pair', left: doc.product, right: doc.at },
    { op: 'pair', left: 'serial', right: doc.serial },
    { op: 'pair', left: 'customer', right: doc.customer },
    { op: 'line', text: `fault: ${doc.fault}` },
    { op: 'line', text: `with: ${doc.accessories}` },
    // the code scans back to the intake (scan.resolve: a device)
    { op: 'barcode', value: doc.code, symbology: 'code128' },
  ]
}

function locationLabel(doc: LocationLabel): Step[] {
  return [
    { op: 'title', text: doc.code },
    { op: 'pair', left: `rack ${doc.rack}`, right: `bin ${doc.bin}` },
    { op: 'barcode', value: doc.code, symbology: 'code128' },
  ]
}

function kdsChit(doc: KdsChit): Step[] {
  const steps: Step[] = [
    { op: 'title', text: `#${doc.ticket} ${doc.station}` },
    { op: 'pair', left: doc.label, right: doc.placedAt },
    { op: 'rule' },
  ]
  for (const item of doc.items) {
    steps.push({ op: 'line', text: `${item.qty} x ${item.name}`, bold: true })
    for (const modifier of item.modifiers) steps.push({ op: 'line', text: `   + ${modifier}` })
    if (item.note !== undefined) steps.push({ op: 'line', text: `   ! ${item.note}` })
  }
  if (doc.note !== undefined) steps.push({ op: 'rule' }, { op: 'line', text: `NOTE: ${doc.note}`, bold: true })
  // a KDS or a bump bar with a scanner can bump the ticket by scanning its chit
  steps.push({ op: 'barcode', value: doc.ticket, symbology: 'code128' })
  return steps
}

function pickList(doc: PickList): Step[] {
  const steps: Step[] = [{ op: 'title', text: `PICK ${doc.order}` }, { op: 'line', text: doc.customer }, { op: 'rule' }]
  for (const line of doc.lines) {
    steps.push({ op: 'pair', left: `[ ] ${line.location}`, right: line.quantity })
    steps.push({ op: 'line', text: `    ${line.product} ${line.description}` })
    for (const roll of line.rolls) steps.push({ op: 'line', text: `    - ${roll}` })
  }
  steps.push({ op: 'rule' }, { op: 'barcode', value: doc.order, symbology: 'code128' })
  return steps
}

function countSheet(doc: CountSheet): Step[] {
  const steps: Step[] = [{ op: 'title', text: `COUNT ${doc.location}` }, { op: 'line', text: `session ${doc.session}` }, { op: 'rule' }]
  if (doc.lines.length === 0) steps.push({ op: 'line', text: 'nothing expected here' })
  for (const line of doc.lines) {
    steps.push({ op: 'pair', left: `${line.product} ${line.lot}`, right: `exp ${line.expected}` })
    steps.push({ op: 'line', text: `    ${line.description}` })
    steps.push({ op: 'pair', left: '    counted', right: '__________' })
  }
  steps.push({ op: 'rule' }, { op: 'barcode', value: doc.location, symbology: 'code128' })
  return steps
}

/** Split a step that is too wide for the paper into steps that fit. */
function fit(step: Step, columns: number): Step[] {
  switch (step.op) {
    case 'title':
      // titles print at double width
      return wrap(step.text, Math.floor(columns / 2)).map((text) => ({ op: 'title', text }))
    case 'line':
      return wrap(step.text, columns).map((text) => ({ ...step, text }))
    case 'pair': {
      if (step.left.length + 1 + step.right.length <= columns) return [step]
      // the right side (a quantity, a lot) matters most: keep it whole on its own line
      return [
        ...wrap(step.left, columns).map((text): Step => ({ op: 'line', text })),
        { op: 'pair', left: '', right: step.right.slice(0, columns) },
      ]
    }
    default:
      return [step]
  }
}

/** Word wrap; a word longer than the line is cut. Leading spaces (indentation) are kept. */
export function wrap(text: string, width: number): string[] {
  const indent = /^ */.exec(text)?.[0] ?? ''
  const words = text.slice(indent.length).split(/\s+/).filter(Boolean)
  const lines: string[] = []
  let current = indent
  for (const word of words) {
    const pieces = word.length > width - indent.length ? chunk(word, Math.max(1, width - indent.length)) : [word]
    for (const piece of pieces) {
      const sep = current.trim() === '' ? '' : ' '
      if (current.length + sep.length + piece.length > width && current.trim() !== '') {
        lines.push(current)
        current = indent + piece
      } else current += sep + piece
    }
  }
  if (current.trim() !== '' || lines.length === 0) lines.push(current)
  return lines
}

function chunk(word: string, size: number): string[] {
  const out: string[] = []
  for (let i = 0; i < word.length; i += size) out.push(word.slice(i, i + size))
  return out
}

/** Left text, then right text flush with the right edge. */
export function pairLine(left: string, right: string, columns: number): string {
  return left + ' '.repeat(Math.max(1, columns - left.length - right.length)) + right
}
