import { describe, expect, it } from 'vitest'
import { badBytesReason, csvEncoding, decodeCsv } from '../../daemon/catalog/csv-text.js'

// "Kumaş ğ ı İ" in Windows-1254: ş FE, ğ F0, ı FD, İ DD
const TURKISH_1254 = Buffer.from([
  ...Buffer.from('sku;name;unit\nK-1;Kuma'),
  0xfe,
  0x20,
  0xf0,
  0x20,
  0xfd,
  0x20,
  0xdd,
  ...Buffer.from(';m\n'),
])

describe('CSV bytes to text: refused with line and byte, or read in the declared encoding', () => {
  it('UTF-8, with or without a BOM, is read as is', () => {
    expect(decodeCsv(Buffer.from('\uFEFFsku\nKumaş ğ ı İ\n'))).toBe('sku\nKumaş ğ ı İ\n')
    expect(decodeCsv(Buffer.from('sku\nçöü\n'), 'utf8')).toBe('sku\nçöü\n')
    expect(decodeCsv(new Uint8Array())).toBe('')
  })

  it('a Windows-1254 file read as UTF-8: the line and byte offset of the first byte that is not', () => {
    const bad = decodeCsv(TURKISH_1254)
    expect(bad).toEqual({ line: 2, offset: 22, byte: 0xfe })
    expect(badBytesReason(bad as never, 'utf-8', 'try --encoding')).toBe(
      'byte 22 (0xFE) is not utf-8; nothing was imported (try --encoding)',
    )
  })

  it('read as windows-1254 (or its ISO name), the Turkish letters come out right', () => {
    expect(decodeCsv(TURKISH_1254, 'windows-1254')).toBe('sku;name;unit\nK-1;Kumaş ğ ı İ;m\n')
    expect(decodeCsv(TURKISH_1254, 'iso-8859-9')).toBe('sku;name;unit\nK-1;Kumaş ğ ı İ;m\n')
    expect(decodeCsv(Buffer.from([0x63, 0xe7, 0xf6, 0xfc]), 'latin1')).toBe('cçöü')
  })

  it('the edges of UTF-8: a sequence cut short, cut off at the end, an overlong form, a surrogate', () => {
    expect(decodeCsv(Buffer.from([0x61, 0x0a, 0x62, 0xc3, 0x41]))).toEqual({ line: 2, offset: 3, byte: 0xc3 })
    expect(decodeCsv(Buffer.from([0x61, 0x0a, 0xe2, 0x82]))).toEqual({ line: 2, offset: 2, byte: 0xe2 })
    expect(decodeCsv(Buffer.from([0x61, 0xc0, 0xaf]))).toEqual({ line: 1, offset: 1, byte: 0xc0 })
    expect(decodeCsv(Buffer.from([0x0a, 0x0a, 0xed, 0xa0, 0x80]))).toEqual({ line: 3, offset: 2, byte: 0xed })
    // a UTF-16 export (Excel's "Unicode text") is refused at its first byte
    expect(decodeCsv(Buffer.from('\uFEFFsku', 'utf16le'))).toEqual({ line: 1, offset: 0, byte: 0xff })
  })

  it('a UTF-8 file declared windows-1254 (its BOM says so) is refused, not mangled', () => {
    const bad = decodeCsv(Buffer.from('\uFEFFsku\nğ\n'), 'windows-1254')
    expect(bad).toEqual({ line: 1, offset: 0, byte: 0xef })
    expect(badBytesReason(bad as never, 'windows-1254', '')).toMatch(/starts with a UTF-8 BOM: it is UTF-8, not windows-1254/)
  })

  it('encoding names: the ones TextDecoder knows, null for the rest', () => {
    expect(csvEncoding('cp1254')).toBe('windows-1254')
    expect(csvEncoding('latin1')).toBe('windows-1252')
    expect(csvEncoding('klingon')).toBeNull()
  })
})
