import type { PrinterState } from '../protocol/printing.js'

/**
 * The ESC/POS real-time status query, DLE EOT n. A printer answers each with one byte at once,
 * even while its buffer is full or it is out of paper. Bits from Epson's ESC/POS reference:
 * - n=1 printer status:  bit 3 offline
 * - n=2 offline cause:   bit 2 cover open, bit 5 stopped at paper end, bit 6 error
 * - n=4 paper sensor:    bits 2-3 paper near end, bits 5-6 paper out
 * Every answer has bits 1 and 4 set and bits 0 and 7 clear, which tells it from stray bytes.
 */
export const DLE_EOT = { printer: 1, offlineCause: 2, paper: 4 } as const
export type StatusQuery = (typeof DLE_EOT)[keyof typeof DLE_EOT]

export const statusQuery = (n: StatusQuery): Uint8Array => Uint8Array.of(0x10, 0x04, n)

/** The three queries in the order `statusFromAnswers` reads their answers. */
export const STATUS_QUERIES: readonly StatusQuery[] = [DLE_EOT.printer, DLE_EOT.offlineCause, DLE_EOT.paper]

export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12
}

export interface PrinterStatusBits {
  offline: boolean
  coverOpen: boolean
  paperNearEnd: boolean
  paperOut: boolean
  error: boolean
}

/** Decode the answers to DLE EOT 1, 2 and 4 (in that order). */
export function decodeStatus(printer: number, cause: number, paper: number): PrinterStatusBits {
  for (const byte of [printer, cause, paper]) {
    if (!isStatusByte(byte)) throw new Error(`0x${byte.toString(16).padStart(2, '0')} is not a DLE EOT status byte`)
  }
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (cause & 0x04) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    paperOut: (paper & 0x60) !== 0 || (cause & 0x20) !== 0,
    error: (cause & 0x40) !== 0,
  }
}

/** Encode status bits as a printer would answer (the virtual printer uses this). */
export function encodeStatus(bits: PrinterStatusBits, n: StatusQuery): number {
  switch (n) {
    case DLE_EOT.printer:
      return 0x12 | (bits.offline ? 0x08 : 0)
    case DLE_EOT.offlineCause:
      return 0x12 | (bits.coverOpen ? 0x04 : 0) | (bits.paperOut ? 0x20 : 0) | (bits.error ? 0x40 : 0)
    case DLE_EOT.paper:
      return 0x12 | (bits.paperNearEnd ? 0x0c : 0) | (bits.paperOut ? 0x60 : 0)
  }
}

/** What a person needs to know, most pressing first. Only `ready` and `paper-near-end` print. */
export function printerState(bits: PrinterStatusBits): PrinterState {
  if (bits.paperOut) return 'paper-out'
  if (bits.coverOpen) return 'cover-open'
  if (bits.offline || bits.error) return 'offline'
  if (bits.paperNearEnd) return 'paper-near-end'
  return 'ready'
}

export const canPrint = (state: PrinterState): boolean => state === 'ready' || state === 'paper-near-end' || state === 'unknown'
