import { describe, expect, it } from 'vitest'
import { LineSplitter, OutpostError } from '../../protocol/index.js'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('LineSplitter', () => {
  it('joins lines across chunks and splits several per chunk', () => {
    const s = new LineSplitter(100)
    expect(s.push(bytes('{"a"'))).toEqual([])
    expect(s.pendingBytes).toBe(4)
    expect(s.push(bytes(':1}\n{"b":2}\n{'))).toEqual(['{"a":1}', '{"b":2}'])
    expect(s.push(bytes('}\n'))).toEqual(['{}'])
    expect(s.pendingBytes).toBe(0)
  })

  it('reports a line over the limit as soon as it passes it, with or without a newline', () => {
    expect(new LineSplitter(10).push(bytes('x'.repeat(11)))).toBe('tooLarge')
    const s = new LineSplitter(10)
    expect(s.push(bytes('x'.repeat(6)))).toEqual([])
    expect(s.push(bytes('x'.repeat(6) + '\n'))).toBe('tooLarge')
    expect(new LineSplitter(10).push(bytes('x'.repeat(10) + '\n'))).toEqual(['x'.repeat(10)])
  })

  it('counts the limit in UTF-8 bytes, not characters (seen: a 2.7 MB frame of euro signs passed 1 MiB)', () => {
    // 4 euro signs: 4 characters, 12 bytes
    expect(new LineSplitter(10).push(bytes('€€€€\n'))).toBe('tooLarge')
    expect(new LineSplitter(10).push(bytes('€€€€'))).toBe('tooLarge')
    expect(new LineSplitter(12).push(bytes('€€€€\n'))).toEqual(['€€€€'])
  })

  it('decodes a character cut between two chunks', () => {
    const euro = bytes('€') // e2 82 ac
    const s = new LineSplitter(100)
    expect(s.push(Uint8Array.of(0x61, euro[0]!))).toEqual([])
    expect(s.push(Uint8Array.of(euro[1]!))).toEqual([])
    expect(s.push(Uint8Array.of(euro[2]!, 0x0a, 0x62, 0x0a))).toEqual(['a€', 'b'])
  })

  it('gives an E_PARSE error for a line that is not UTF-8, never U+FFFD, and goes on', () => {
    const s = new LineSplitter(100)
    const lines = s.push(Uint8Array.of(0x7b, 0xff, 0x7d, 0x0a, 0x6f, 0x6b, 0x0a))
    expect(lines).toHaveLength(2)
    const [bad, good] = lines as [OutpostError, string]
    expect(bad).toBeInstanceOf(OutpostError)
    expect(bad).toMatchObject({ code: 'E_PARSE', message: 'frame is not valid UTF-8' })
    expect(good).toBe('ok')
    // a truncated sequence, and an overlong encoding of '/', are refused too
    expect(new LineSplitter(100).push(Uint8Array.of(0xe2, 0x82, 0x0a))[0]).toBeInstanceOf(OutpostError)
    expect(new LineSplitter(100).push(Uint8Array.of(0xc0, 0xaf, 0x0a))[0]).toBeInstanceOf(OutpostError)
  })

  it('does not keep a view of the chunk a partial line came in', () => {
    const chunk = bytes('done\npart')
    const s = new LineSplitter(100)
    s.push(chunk)
    chunk.fill(0x21) // the caller reuses its buffer
    expect(s.push(bytes('ial\n'))).toEqual(['partial'])
  })
})
