import { describe, expect, it } from 'vitest'
import { formatPairingCode, parsePairingCode } from '../../protocol/index.js'

/** The pairing code as people type it off another node's screen (protocol/pairing.ts). */
describe('parsePairingCode', () => {
  it.each([
    ['OUT-A7F3-9X2K', 'OUT-A7F3-9X2K'],
    ['out-a7f3-9x2k', 'OUT-A7F3-9X2K'],
    ['  A7F3 9X2K ', 'OUT-A7F3-9X2K'],
    ['a7f39x2k', 'OUT-A7F3-9X2K'],
    ['OUT A7F3-9X2K', 'OUT-A7F3-9X2K'],
    // look-alikes typed for what the screen shows: O is 0, I and L are 1
    ['OUT-A7FO-IX2L', 'OUT-A7F0-1X21'],
  ])('reads %j as %s', (typed, code) => {
    expect(parsePairingCode(typed)).toBe(code)
  })

  it('reads back every code it makes', () => {
    for (let i = 0; i < 200; i++) {
      const code = formatPairingCode(crypto.getRandomValues(new Uint8Array(5)))
      expect(parsePairingCode(code)).toBe(code)
      expect(parsePairingCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code)
    }
  })

  it.each([
    // eight code characters once O is read as 0, but not split as a code is: refused, not looked for
    ['NOT-A-CODE', /two groups of 4 characters.*"NOT-A-CODE" is not/],
    ['A7F-39X2K', /two groups of 4/],
    ['OUT-A7F3-9X2K-', /two groups of 4/],
    ['OUT-12', /8 characters after OUT-.*has 2/],
    ['A7F39X2K7', /has 9/],
    ['OUT-A7F3-9X2U', /"U" cannot be in a pairing code/],
    ['OUT-A7F3-9X2é', /"É" cannot be in a pairing code/],
    ['', /has 0/],
    ['OUT-A7F3-9X2🙂', /"🙂" cannot be in a pairing code/], // 8 characters, one of them not a code's
    ['A7F39X🙂', /has 7$/],
  ])('refuses %j with a one-line reason', (typed, reason) => {
    let message = ''
    try {
      parsePairingCode(typed)
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(reason)
    expect(message).not.toContain('\n')
  })

  it('refuses a line of megabytes without echoing all of it back', () => {
    expect(() => parsePairingCode('A'.repeat(1 << 20))).toThrow(
      /^a pairing code has 8 characters after OUT- \(like OUT-A7F3-9X2K\); "A{24}…" has 1048576$/,
    )
  })
})
