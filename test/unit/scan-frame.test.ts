import { describe, expect, it } from 'vitest'
import { KeyRouter } from '../../tui/keys/key-router.js'
import { frameTextOf, scanFrameOf, type ScanFrame } from '../../tui/keys/scan-frame.js'
import type { Key } from '../../tui/keys/tokenize.js'
import { fakeClock } from '../helpers/fake-clock.js'
import { seededRandom } from '../helpers/seeded-random.js'

/** A router on a virtual clock: `type` sends text at a pace, `wait` lets time pass, timers fire when due. */
function clocked(frame: ScanFrame | null = null) {
  const clock = fakeClock()
  const keys: Key[] = []
  const scans: string[] = []
  const unended: string[] = []
  const router = new KeyRouter(
    { key: (k) => keys.push(k), scan: (c) => scans.push(c), unended: (c) => unended.push(c) },
    {
      frame,
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      afterPendingInput: (fn) => fn(),
    },
  )
  const wait = (ms: number) => clock.wait(ms)
  /** Characters `msApart`, each in a chunk of its own (as a terminal hands them over). */
  const type = (text: string, msApart: number) => {
    for (const ch of text) {
      router.push(ch)
      wait(msApart)
    }
  }
  const typed = () => keys.map((k) => (k.name === 'char' ? k.char : `<${k.name}>`)).join('')
  return { router, keys, scans, unended, wait, type, typed }
}

describe('timing mode: a scan whose characters arrive late is still one scan', () => {
  it('an Enter 150 ms late after a burst at scanner speed', () => {
    const h = clocked()
    h.type('R-DEMO-11', 1)
    h.wait(150)
    h.type('\r', 1)
    expect(h.scans).toEqual(['R-DEMO-11'])
    expect(h.keys).toEqual([])
  })

  it('a stall of 60 or 200 ms inside the code (one late SSH packet)', () => {
    for (const stall of [60, 120, 200]) {
      const h = clocked()
      h.type('R-DE', 1)
      h.wait(stall)
      h.type('MO-11\r', 1)
      expect(h.scans, `stall ${stall} ms`).toEqual(['R-DEMO-11'])
      expect(h.keys).toEqual([])
    }
  })

  it('a head of two characters at scanner speed waits for its tail too', () => {
    const h = clocked()
    h.type('R-', 1)
    h.wait(80)
    h.type('DEMO-11\r', 1)
    expect(h.scans).toEqual(['R-DEMO-11'])
  })

  it("a person's typing is keys at once, never a scan, whatever follows", () => {
    const h = clocked()
    h.type('abc', 120)
    expect(h.typed()).toBe('abc') // each went out after the 50 ms gap, none waited for an Enter
    h.type('\r', 120)
    expect(h.typed()).toBe('abc<return>')
    expect(h.scans).toEqual([])
  })

  it('a fast burst that no Enter ends in time (a scan whose Enter is later still, or a paste) goes out whole, never as keys', () => {
    const h = clocked()
    h.type('R-DEMO-11', 1)
    h.wait(100)
    expect(h.unended).toEqual([]) // still waiting: it came at scanner speed
    h.wait(400)
    expect(h.unended).toEqual(['R-DEMO-11'])
    expect(h.keys).toEqual([])
    // two characters at scanner speed are not a scan: keys, after the wait
    h.type('ab', 1)
    h.wait(500)
    expect(h.typed()).toBe('ab')
    expect(h.unended).toEqual(['R-DEMO-11'])
  })
})

describe('framed mode: the scanner sends a prefix and a suffix', () => {
  const stx = { prefix: '\u0002', suffix: '\r' }

  it('everything between prefix and suffix is one scan, however long the stalls', () => {
    const h = clocked(stx)
    h.type('\u0002R-DE', 1)
    h.wait(900)
    h.type('MO-1', 1)
    h.wait(600)
    h.type('1\r', 1)
    expect(h.scans).toEqual(['R-DEMO-11'])
    expect(h.keys).toEqual([])
  })

  it('typing outside a frame is keys; a short code between prefix and suffix is a scan', () => {
    const h = clocked(stx)
    h.type('q', 120)
    h.type('\u000242\r', 1)
    expect(h.typed()).toBe('q')
    expect(h.scans).toEqual(['42'])
  })

  it('AIM identifiers (]C0, ]E0, ]Q1) start a scan and are not part of the code', () => {
    const h = clocked({ prefix: 'aim', suffix: '\r' })
    h.type(']C0LOC-A011\r', 1)
    h.type(']E04006381333931', 1)
    h.wait(150)
    h.type('\r', 1)
    h.type(']Q1https://x.example/r/1\r', 1)
    expect(h.scans).toEqual(['LOC-A011', '4006381333931', 'https://x.example/r/1'])
    expect(h.keys).toEqual([])
  })

  it('a person who types "]" gets the key after the late-Enter wait; "]x" is two keys; a stall inside the prefix is no split', () => {
    const h = clocked({ prefix: 'aim', suffix: '\r' })
    h.type(']', 400)
    h.type(']1', 120)
    expect(h.typed()).toBe(']]1')
    expect(h.scans).toEqual([])
    h.type(']', 200)
    h.type('C0LOC-A011\r', 1)
    expect(h.scans).toEqual(['LOC-A011'])
  })

  it('a lost suffix: the scan is delivered as it is after the frame time-out, and keys after it are keys', () => {
    const h = clocked(stx)
    h.type('\u0002LOC-A011', 1)
    h.wait(2500)
    expect(h.scans).toEqual(['LOC-A011'])
    h.type('q', 120)
    expect(h.typed()).toBe('q')
  })

  it('200 scans at 1,000 characters per second with stalls of 60-200 ms inside: none lost, split or merged (seed 15)', () => {
    const random = seededRandom(15)
    const h = clocked(stx)
    const codes = Array.from({ length: 200 }, (_, i) => `ROLL-${String(i).padStart(4, '0')}-L2026-${(i * 7919) % 10007}`)
    for (const code of codes) {
      const cut = 1 + Math.floor(random() * (code.length - 1))
      h.type('\u0002' + code.slice(0, cut), 1)
      h.wait(60 + Math.floor(random() * 140))
      h.type(code.slice(cut) + '\r', 1)
      h.wait(Math.floor(random() * 30))
    }
    expect(h.scans).toEqual(codes)
    expect(h.keys).toEqual([])
  })
})

describe('the prefix and suffix settings', () => {
  it('reads caret notation and escapes, and refuses what cannot be typed into a setting', () => {
    expect(frameTextOf('^B')).toBe('\u0002')
    expect(frameTextOf('\\r')).toBe('\r')
    expect(frameTextOf('^]X')).toBe('\u001dX')
    expect(frameTextOf('')).toBeNull()
    expect(frameTextOf('123456789')).toBeNull()
    expect(scanFrameOf('aim', undefined)).toEqual({ prefix: 'aim', suffix: '\r' })
    expect(scanFrameOf('^B', '^C')).toEqual({ prefix: '\u0002', suffix: '\u0003' })
    expect(scanFrameOf(undefined, undefined)).toBeNull()
    expect(scanFrameOf(undefined, '^C')).toBe('invalid') // a suffix alone frames nothing
    expect(scanFrameOf('\u0007', undefined)).toBe('invalid')
  })
})
