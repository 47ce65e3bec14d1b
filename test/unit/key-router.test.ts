import { describe, expect, it } from 'vitest'
import { KeyRouter } from '../../tui/keys/key-router.js'
import { PacedTarget } from '../../tui/keys/paced-target.js'
import { tokenize, type Key } from '../../tui/keys/tokenize.js'

/** A router with a hand-driven timer: `elapse()` fires the burst-gap timer, as time passing would. */
function harness(minScanLength = 3) {
  const keys: Key[] = []
  const scans: string[] = []
  const unended: string[] = []
  let pending: (() => void) | null = null
  let deferred: Array<() => void> = []
  const router = new KeyRouter(
    { key: (k) => keys.push(k), scan: (c) => scans.push(c), unended: (c) => unended.push(c) },
    { minScanLength, setTimer: (fn) => (pending = fn), clearTimer: () => (pending = null), afterPendingInput: (fn) => deferred.push(fn) },
  )
  const elapse = () => {
    const fn = pending
    pending = null
    fn?.()
    drain()
  }
  const drain = () => {
    const fns = deferred
    deferred = []
    for (const fn of fns) fn()
  }
  /** The gap passes while the event loop is busy: the timer is due, but input is waiting to be read. */
  const elapseBusy = () => {
    const fn = pending
    pending = null
    fn?.()
  }
  return { router, keys, scans, unended, elapse, elapseBusy, drain }
}

const chars = (keys: Key[]) => keys.map((k) => (k.name === 'char' ? k.char : `<${k.name}>`)).join('')

describe('tokenize', () => {
  it('decodes arrows, paging, editing keys and control keys', () => {
    expect(
      tokenize('\u001b[A\u001b[B\u001b[C\u001b[D\u001b[5~\u001b[6~\u001b[3~\u001bOH\u001b[F\r\t\u007f\u0003').map((k) => k.name),
    ).toEqual(['up', 'down', 'right', 'left', 'pageup', 'pagedown', 'delete', 'home', 'end', 'return', 'tab', 'backspace', 'ctrl'])
  })
  it('keeps non-ASCII letters and astral characters whole', () => {
    expect(tokenize('şğıİ€😀').map((k) => (k.name === 'char' ? k.char : '?'))).toEqual(['ş', 'ğ', 'ı', 'İ', '€', '😀'])
  })
  it('drops unknown escape sequences instead of typing them', () => {
    expect(chars(tokenize('a\u001b[99zb'))).toBe('ab')
    expect(tokenize('\u001b').map((k) => k.name)).toEqual(['escape'])
  })
})

describe('KeyRouter', () => {
  it('a busy event loop does not split a scan: characters that were waiting are read before the gap counts', () => {
    const h = harness()
    h.router.push('R-DEMO')
    h.elapseBusy() // the gap's timer is due while a render held the loop…
    h.router.push('-11\r') // …and the rest of the scan was waiting in the input
    h.drain()
    expect(h.scans).toEqual(['R-DEMO-11'])
    expect(h.keys).toEqual([])
  })

  it('a burst ending in Enter is one scan, delivered whole', () => {
    const h = harness()
    h.router.push('4006381333931\r')
    expect(h.scans).toEqual(['4006381333931'])
    expect(h.keys).toEqual([])
  })

  it('a burst that arrives one character per chunk is still one scan', () => {
    const h = harness()
    const code = 'ROLL-2026-000123-QUALITY-A-COLOR-NAVY-01' // 40 characters
    for (const c of code) h.router.push(c) // no timer fires between them: they come faster than the gap
    h.router.push('\r')
    expect(h.scans).toEqual([code])
  })

  it('characters typed slowly are keys, and Enter after them is a key', () => {
    const h = harness()
    for (const c of 'abc') {
      h.router.push(c)
      h.elapse() // a person pauses longer than the burst gap between keys
    }
    h.router.push('\r')
    expect(chars(h.keys)).toBe('abc<return>')
    expect(h.scans).toEqual([])
  })

  it('a single command key goes out once the gap passes', () => {
    const h = harness()
    h.router.push('q')
    expect(h.keys).toEqual([])
    h.elapse()
    expect(chars(h.keys)).toBe('q')
  })

  it('a short burst with Enter is typing, not a scan', () => {
    const h = harness()
    h.router.push('12\r')
    expect(chars(h.keys)).toBe('12<return>')
    expect(h.scans).toEqual([])
  })

  it('a non-character key ends a burst: held characters go out first, in order', () => {
    const h = harness()
    h.router.push('ab\u001b[A')
    expect(chars(h.keys)).toBe('ab<up>')
  })

  it('200 scans back to back: 200 recorded, none lost, merged or split', () => {
    const h = harness()
    const codes = Array.from({ length: 200 }, (_, i) => `LOT${String(i).padStart(4, '0')}-ROLL-${(i * 7919) % 10007}`)
    // all in one chunk, as a terminal may deliver a fast scanner's output
    h.router.push(codes.map((c) => c + '\r').join(''))
    // and again one character per chunk
    for (const code of codes) for (const c of code + '\r') h.router.push(c)
    expect(h.scans).toEqual([...codes, ...codes])
    expect(h.keys).toEqual([])
  })
})

describe('PacedTarget', () => {
  it('hands over one key or scan per turn of the event loop, in order, and drops nothing', () => {
    const got: string[] = []
    const turns: Array<() => void> = []
    const paced = new PacedTarget(
      { key: (k) => void got.push(k.name), scan: (c) => void got.push(`scan ${c}`), unended: (c) => void got.push(`unended ${c}`) },
      (fn) => turns.push(fn),
    )
    const router = new KeyRouter(paced, { setTimer: () => null, clearTimer: () => undefined, afterPendingInput: () => undefined })
    router.push('\u001b[B\u001b[BLOC-A011\r\r') // Down, Down, a scan, Enter: one chunk
    expect(got).toEqual(['down']) // the rest waits for the screen to draw what Down did
    while (turns.length > 0) turns.shift()!()
    expect(got).toEqual(['down', 'down', 'scan LOC-A011', 'return'])
    // idle again: the next key goes out at once
    paced.key({ name: 'up' })
    expect(got.at(-1)).toBe('up')
  })
})

describe('KeyRouter: bracketed paste', () => {
  it('a bracketed paste is one line of text, never Enter keys: a pasted list with a blank line fires nothing', () => {
    const h = harness()
    h.router.push('\u001b[200~@pasted junk\r2\r\r3*4\r\n\u001b[201~')
    expect(h.unended).toEqual(['@pasted junk 2 3*4'])
    expect(h.keys).toEqual([])
    expect(h.scans).toEqual([])
    // typing after it is keys again
    h.router.push('q')
    h.elapse()
    expect(chars(h.keys)).toBe('q')
  })

  it('a paste cut over several reads, its end marker too, is still one paste; what was typed before goes first', () => {
    const h = harness()
    h.router.push('ab\u001b[200~R-DEMO')
    h.router.push('-11\u001b[20')
    expect(h.unended).toEqual([])
    h.router.push('1~x')
    expect(chars(h.keys)).toBe('ab')
    expect(h.unended).toEqual(['R-DEMO-11'])
    h.elapse()
    expect(chars(h.keys)).toBe('abx')
  })

  it('a paste whose start marker is cut between two reads is still a paste, not keys', () => {
    const h = harness()
    h.router.push('x\u001b[20')
    h.router.push('0~@a\r\r\u001b[201~')
    expect(h.unended).toEqual(['@a'])
    expect(chars(h.keys)).toBe('x') // typed before the paste, out before it
    // the head of a marker nothing followed is typed input after the wait, as it was before
    h.router.push('\u001b[2')
    expect(h.keys).toHaveLength(1)
    h.elapse()
    h.router.push('q')
    h.elapse()
    expect(chars(h.keys)).toBe('xq')
    expect(h.unended).toEqual(['@a'])
  })

  it('a paste whose end marker never comes is delivered after the wait, and control characters in it are dropped', () => {
    const h = harness()
    h.router.push('\u001b[200~tab\there\u0007')
    expect(h.unended).toEqual([])
    h.elapse()
    expect(h.unended).toEqual(['tab here'])
  })
})
