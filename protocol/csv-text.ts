/**
 * The bytes of a CSV file as text, in the encoding it is declared to be (UTF-8 unless told).
 * Reading with `readFile(path, 'utf8')` turned every byte that is not UTF-8 into U+FFFD without a
 * word (seen: a Windows-1254 export's "Kumaş ğ" landed as "Kuma� �"). A file that is not what it
 * is read as is now refused whole, with the line and byte offset of the first byte that is not,
 * before anything lands. Turkish ERPs often export Windows-1254 (`--encoding windows-1254`) or
 * Latin-1 (`latin1`, which TextDecoder reads as its superset Windows-1252, as browsers do).
 */

import { utf8Length } from './batches.js'

// protocol/ is built without DOM or Node types; TextDecoder is a global in Node and browsers alike (as in frame.ts)
declare const TextDecoder: new (
  label: string,
  options?: { fatal?: boolean; ignoreBOM?: boolean },
) => { encoding: string; decode(input: Uint8Array, options?: { stream?: boolean }): string }

export const DEFAULT_CSV_ENCODING = 'utf-8'

/** Where the first byte that is not `encoding` is. */
export interface BadBytes {
  line: number
  /** Offset from the start of the file, in bytes. */
  offset: number
  byte: number
}

/** The encoding TextDecoder knows `label` as ('cp1254' -> 'windows-1254'), or null for one it does not know. */
export function csvEncoding(label: string): string | null {
  try {
    return new TextDecoder(label).encoding
  } catch {
    return null
  }
}

/**
 * The text of `bytes` read as `encoding` (a UTF-8 BOM is dropped), or where it stops being that
 * encoding. Never a replacement character for a byte it could not read.
 */
export function decodeCsv(bytes: Uint8Array, encoding: string = DEFAULT_CSV_ENCODING): string | BadBytes {
  const name = csvEncoding(encoding) ?? encoding
  // a UTF-8 BOM on a file declared single-byte: it is UTF-8, and reading it as 1254 would mangle every ğ
  if (name !== 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { line: 1, offset: 0, byte: 0xef }
  try {
    return new TextDecoder(name, { fatal: true }).decode(bytes)
  } catch {
    return firstBadByte(bytes, name)
  }
}

/** One line for a person: what is wrong at that byte, and what to do. */
export function badBytesReason(bad: BadBytes, encoding: string, remedy: string): string {
  const name = csvEncoding(encoding) ?? encoding
  const hex = `0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')}`
  if (name !== 'utf-8' && bad.offset === 0 && bad.byte === 0xef)
    return `the file starts with a UTF-8 BOM: it is UTF-8, not ${name}; nothing was imported`
  return `byte ${bad.offset} (${hex}) is not ${name}; nothing was imported (${remedy})`
}

/**
 * The first byte where decoding fails. Found with the decoder itself (prefixes of the file, by
 * bisection: a prefix that fails to decode only fails more when it grows), so the answer agrees
 * with the decoder on every edge (overlong forms, surrogates, truncated sequences).
 */
function firstBadByte(bytes: Uint8Array, encoding: string): BadBytes {
  const fails = (end: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end), { stream: true })
      return false
    } catch {
      return true
    }
  }
  // the smallest prefix length that fails; the whole file fails (or a sequence cut off at the end does)
  let lo = 0
  let hi = bytes.length
  if (!fails(hi)) lo = hi
  else
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1
      if (fails(mid)) hi = mid
      else lo = mid
    }
  // `lo` bytes decode (perhaps ending inside a character): the bad sequence starts after the last
  // whole character, which for UTF-8 is where the decoded text, encoded again, ends
  let offset = lo
  if (encoding === 'utf-8') {
    const whole = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, lo), { stream: true })
    offset = utf8Length(whole)
  }
  offset = Math.min(offset, Math.max(bytes.length - 1, 0))
  let line = 1
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++
  return { line, offset, byte: bytes[offset] ?? 0 }
}
