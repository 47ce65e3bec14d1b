import { describe, expect, it } from 'vitest'
import { DLE_EOT, decodeStatus, encodeStatus, isStatusByte, printerState, type PrinterStatusBits } from '../../printers/index.js'

const READY: PrinterStatusBits = { offline: false, coverOpen: false, paperNearEnd: false, paperOut: false, error: false }

describe('DLE EOT status', () => {
  // answers as Epson's reference gives them for a TM-T88: not produced by our own encoder
  it.each([
    [[0x12, 0x12, 0x12], 'ready'],
    [[0x1a, 0x12, 0x12], 'offline'],
    [[0x1a, 0x16, 0x12], 'cover-open'],
    [[0x1a, 0x32, 0x72], 'paper-out'],
    [[0x12, 0x12, 0x1e], 'paper-near-end'],
    [[0x1a, 0x52, 0x12], 'offline'],
  ] as const)('answers %j read as %s', ([printer, cause, paper], state) => {
    expect(printerState(decodeStatus(printer, cause, paper))).toBe(state)
  })

  it('paper out wins over everything else: it is what a person must fix first', () => {
    expect(printerState({ ...READY, paperOut: true, coverOpen: true, offline: true })).toBe('paper-out')
  })

  it('bytes that are not status answers are refused, not read as a state', () => {
    for (const byte of [0x00, 0x41, 0xff, 0x13, 0x92]) expect(isStatusByte(byte)).toBe(false)
    expect(() => decodeStatus(0x41, 0x12, 0x12)).toThrow(/0x41 is not a DLE EOT status byte/)
  })

  it('encoding and decoding agree for every combination (the virtual printer answers with encodeStatus)', () => {
    for (let mask = 0; mask < 32; mask++) {
      const bits: PrinterStatusBits = {
        offline: (mask & 1) !== 0,
        coverOpen: (mask & 2) !== 0,
        paperNearEnd: (mask & 4) !== 0,
        paperOut: (mask & 8) !== 0,
        error: (mask & 16) !== 0,
      }
      const answers = [DLE_EOT.printer, DLE_EOT.offlineCause, DLE_EOT.paper].map((n) => encodeStatus(bits, n)) as [number, number, number]
      expect(decodeStatus(...answers)).toEqual(bits)
    }
  })
})
