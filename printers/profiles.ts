/**
 * Printer profiles as data: paper width, characters per line, and the code page the printer is
 * set to, so that Turkish (ş ğ ı İ ç ö ü) and Western European (é ß €) text prints right.
 * CP857 covers Turkish; CP858 is CP850 with the euro sign. Add a profile, not a branch in code.
 */
import type { ProfileId } from '../protocol/printing.js'

export interface PrinterProfile {
  id: ProfileId
  paperMm: 58 | 80
  columns: number
  codepage: 'cp857' | 'cp858'
}

export const PROFILES = {
  'escpos-80-tr': { id: 'escpos-80-tr', paperMm: 80, columns: 48, codepage: 'cp857' },
  'escpos-58-tr': { id: 'escpos-58-tr', paperMm: 58, columns: 32, codepage: 'cp857' },
  'escpos-80-we': { id: 'escpos-80-we', paperMm: 80, columns: 48, codepage: 'cp858' },
  'escpos-58-we': { id: 'escpos-58-we', paperMm: 58, columns: 32, codepage: 'cp858' },
} as const satisfies Record<ProfileId, PrinterProfile>

export type { ProfileId }
