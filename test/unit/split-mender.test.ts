import { describe, expect, it } from 'vitest'
import { KeyDispatcher, type KeyHandler } from '../../tui/keys/dispatcher.js'
import { KeyRouter } from '../../tui/keys/key-router.js'
import { PacedTarget } from '../../tui/keys/paced-target.js'
import { SplitMender } from '../../tui/keys/split-mender.js'
import type { Key } from '../../tui/keys/tokenize.js'
import { fakeClock } from '../helpers/fake-clock.js'
import { seededRandom } from '../helpers/seeded-random.js'

const SITE = new Set(['R-DEMO-11', 'R-DEMO-12', 'LOC-A011', '8690000000028', 'ROLL-2026-000123-QUALITY-A-COLOR-NAVY-01'])

/**
 * The timing-mode input path as the TUI builds it (router → one key per turn → mender →
 * dispatcher) on a virtual clock, with a screen made of what a test registers: a text field,
 * command keys, a scan handler. `known` stands for the daemon's scan.resolve.
 */
function terminal(opts: { known?: (code: string) => Promise<boolean> } = {}) {
  const clock = fakeClock()
  const asked: string[] = []
  const dispatcher = new KeyDispatcher()
  const known =
    opts.known ??
    (async (code: string) => {
      asked.push(code)
      return SITE.has(code)
    })
  const router = new KeyRouter(new PacedTarget(new SplitMender(dispatcher, known, 2000, clock.now), (fn) => fn()), {
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    afterPendingInput: (fn) => fn(),
  })
  const wait = (ms: number) => clock.wait(ms)
  const type = (text: string, msApart: number) => {
    for (const ch of text) {
      router.push(ch)
      wait(msApart)
    }
  }
  const scans: string[] = []
  /** What the screen's command keys did. */
  const commands: string[] = []
  dispatcher.register({ priority: 10, scan: { current: (code) => void scans.push(code) }, active: { current: true } })
  const commandKeys = (keys: string) => {
    const handler: KeyHandler = (k) =>
      (k.name === 'char' && keys.includes(k.char) && commands.push(k.char) > 0) ||
      (k.name === 'return' && keys.includes('\r') && commands.push('<return>') > 0)
    dispatcher.register({ priority: 10, key: { current: handler }, active: { current: true } })
  }
  /** A text field on top (a code entry, a note): it takes characters and Backspace; Enter submits. */
  const field = () => {
    const state = { value: '', submitted: [] as string[] }
    const handler: KeyHandler = (k: Key) => {
      if (k.name === 'char') state.value += k.char
      else if (k.name === 'backspace') state.value = state.value.slice(0, -1)
      else if (k.name === 'return') state.submitted.push(state.value)
      else return false
      return true
    }
    dispatcher.register({ priority: 12, key: { current: handler }, active: { current: true }, takesText: true })
    return state
  }
  /** Lets the daemon's answers (promises) come in. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
  }
  return { type, wait, scans, commands, commandKeys, field, asked, settle }
}

describe('timing mode: a scan split by a stall is mended into one scan', () => {
  it('a head of one character, a stall of 60, 120 or 200 ms, then the tail: one scan, the head forgotten', async () => {
    for (const stall of [60, 120, 200]) {
      const t = terminal()
      t.commandKeys('sfy') // a screen with command keys that the code does not hit (Stock lookup, Pick)
      t.wait(1000)
      t.type('R', 1)
      t.wait(stall)
      t.type('-DEMO-11\r', 1)
      await t.settle()
      expect(t.scans, `stall ${stall} ms`).toEqual(['R-DEMO-11'])
      expect(t.commands).toEqual([])
    }
  })

  it('a head typed into an open field is taken back out of it', async () => {
    const t = terminal()
    const f = t.field()
    t.wait(1000)
    t.type('L', 1)
    t.wait(150)
    expect(f.value).toBe('L') // went out as a key after the gap
    t.type('OC-A011\r', 1)
    await t.settle()
    expect(t.scans).toEqual(['LOC-A011'])
    expect(f.value).toBe('')
    expect(f.submitted).toEqual([])
  })

  it('back to back at 1,000 and 100 chars/s, a 60-200 ms stall anywhere inside each code: none lost, split or merged (seed 1015)', async () => {
    const random = seededRandom(1015)
    const codes = [...SITE]
    for (const msApart of [1, 10]) {
      const t = terminal()
      t.commandKeys('sfy')
      const sent: string[] = []
      for (let i = 0; i < 100; i++) {
        const code = codes[i % codes.length]!
        const cut = 1 + Math.floor(random() * (code.length - 1))
        t.type(code.slice(0, cut), msApart)
        t.wait(60 + Math.floor(random() * 140))
        t.type(code.slice(cut) + '\r', msApart)
        sent.push(code)
      }
      await t.settle()
      expect(t.scans, `${msApart} ms apart`).toEqual(sent)
      expect(t.commands).toEqual([])
    }
  })

  it('a split scan right after a command key (the menu number that opened the screen) is mended', async () => {
    const t = terminal()
    t.commandKeys('7')
    t.wait(1000)
    t.type('7', 1)
    t.wait(150)
    t.type('R', 1)
    t.wait(120)
    t.type('-DEMO-11\r', 1)
    await t.settle()
    expect(t.commands).toEqual(['7'])
    expect(t.scans).toEqual(['R-DEMO-11'])
  })

  it('a code split twice (a stall after its first character, then jitter after the second) is mended whole', async () => {
    const t = terminal()
    t.wait(1000)
    t.type('R', 1)
    t.wait(190)
    t.type('-', 1)
    t.wait(80)
    t.type('DEMO-11\r', 1)
    await t.settle()
    expect(t.scans).toEqual(['R-DEMO-11'])
  })

  it('two characters 10 ms apart (100 chars/s) are held for their tail, not typed or fired as keys', async () => {
    const t = terminal()
    const f = t.field()
    t.wait(1000)
    t.type('R-', 10)
    t.wait(150)
    expect(f.value).toBe('') // still held: 10 ms apart is a scanner's pace
    t.type('DEMO-11\r', 10)
    await t.settle()
    expect(t.scans).toEqual(['R-DEMO-11'])
    expect(t.asked).toEqual([]) // whole in the router: nothing to mend
  })

  it('a tail that is a code of its own is not mended; nor is one when the daemon cannot say', async () => {
    const t = terminal()
    t.wait(1000)
    t.type('R', 1)
    t.wait(100)
    t.type('LOC-A011\r', 1)
    await t.settle()
    expect(t.scans).toEqual(['LOC-A011'])

    const down = terminal({ known: () => Promise.reject(new Error('E_SIGNED_OUT')) })
    down.wait(1000)
    down.type('R', 1)
    down.wait(100)
    down.type('-DEMO-11\r', 1)
    await down.settle()
    expect(down.scans).toEqual(['-DEMO-11'])
  })

  it('keys after a scan being mended wait for it, and keep their order', async () => {
    const t = terminal()
    t.commandKeys('f')
    t.wait(1000)
    t.type('R', 1)
    t.wait(100)
    t.type('-DEMO-12\r', 1)
    t.wait(400)
    t.type('f', 1)
    t.wait(100)
    await t.settle()
    expect(t.scans).toEqual(['R-DEMO-12'])
    expect(t.commands).toEqual(['f'])
  })
})

describe("timing mode: a person's typing is never mended into a scan", () => {
  it('a known code typed slowly into a field, then Enter: typed and submitted, the daemon is not even asked', async () => {
    const t = terminal()
    const f = t.field()
    t.wait(1000)
    t.type('R-DEMO-11', 150)
    t.type('\r', 150)
    await t.settle()
    expect(f.submitted).toEqual(['R-DEMO-11'])
    expect(t.scans).toEqual([])
    expect(t.asked).toEqual([])
  })

  it('typed slowly, then its last characters fast: the fast end is not joined to the typing', async () => {
    const t = terminal()
    const f = t.field()
    t.wait(1000)
    t.type('R-DEMO', 150)
    t.type('-11\r', 5)
    await t.settle()
    expect(f.value).toBe('R-DEMO')
    expect(t.scans).toEqual(['-11'])
    expect(t.asked).toEqual([])
  })

  it('a command key, then a scan within the second: the command runs once and the scan is not joined to it', async () => {
    const t = terminal()
    t.commandKeys('8j')
    t.wait(1000)
    t.type('j', 1)
    t.wait(200)
    t.type('R-DEMO-11\r', 1)
    // a menu number, then a code that would be a known code with the number in front of it
    t.wait(1000)
    t.type('8', 1)
    t.wait(100)
    t.type('690000000028\r', 1)
    await t.settle()
    expect(t.commands).toEqual(['j', '8'])
    expect(t.scans).toEqual(['R-DEMO-11', '690000000028'])
  })
})

describe('timing mode: a burst at scanner speed whose Enter is later than the wait', () => {
  it('is one scan, never command keys, and its late Enter is dropped instead of confirming what comes next', async () => {
    for (const late of [400, 900, 1800]) {
      const t = terminal()
      t.commandKeys('R-DEMO1\r') // every character of the code, and Enter, is a command on this screen
      t.wait(1000)
      t.type('R-DEMO-11', 1)
      t.wait(late)
      t.type('\r', 1)
      await t.settle()
      expect(t.scans, `Enter ${late} ms late`).toEqual(['R-DEMO-11'])
      expect(t.commands).toEqual([])
    }
  })

  it('only the next key, and only within 2 s, is taken for its Enter', async () => {
    const t = terminal()
    t.commandKeys('x\r')
    t.wait(1000)
    t.type('R-DEMO-11', 1)
    t.wait(2500)
    t.type('\r', 1) // a person's Enter, long after
    t.type('LOC-A011', 1)
    t.wait(500)
    t.type('x', 1) // a key between: the Enter after it is a person's
    t.wait(100)
    t.type('\r', 1)
    await t.settle()
    expect(t.scans).toEqual(['R-DEMO-11', 'LOC-A011'])
    expect(t.commands).toEqual(['<return>', 'x', '<return>'])
  })

  it('a paste into an open field is typed there and not submitted; the Enter a person presses then submits it', async () => {
    const t = terminal()
    t.commandKeys('\r')
    const f = t.field()
    t.wait(1000)
    t.type('fuse F2 blown, replaced', 0)
    t.wait(600)
    expect(f.value).toBe('fuse F2 blown, replaced')
    expect(f.submitted).toEqual([])
    t.type('\r', 1)
    await t.settle()
    expect(f.submitted).toEqual(['fuse F2 blown, replaced'])
    expect(t.scans).toEqual([])
  })

  it('a field that takes scans (a PIN, a customer) gets it typed, not submitted: no Enter came', () => {
    const dispatcher = new KeyDispatcher()
    let value = ''
    const submitted: string[] = []
    const typing: KeyHandler = (k) => k.name === 'char' && (value += k.char).length > 0
    dispatcher.register({ priority: 11, key: { current: typing }, active: { current: true }, takesText: true })
    dispatcher.register({ priority: 11, scan: { current: (c) => void submitted.push(c) }, active: { current: true } })
    dispatcher.register({ priority: 10, scan: { current: (c) => void submitted.push(`screen ${c}`) }, active: { current: true } })
    expect(dispatcher.unended('atl')).toBe('typed')
    expect(value).toBe('atl')
    expect(submitted).toEqual([])
  })

  it('where no field types and no screen takes scans, nothing happens', () => {
    const dispatcher = new KeyDispatcher()
    const fired: string[] = []
    dispatcher.register({ priority: 10, key: { current: (k) => fired.push(k.name) > 0 }, active: { current: true } })
    expect(dispatcher.unended('R-DEMO-11')).toBe('nobody')
    expect(fired).toEqual([])
  })

  it('a scan ended by Enter where no screen takes scans: typed into an open field, else told and never run as command keys', () => {
    const told: Array<string | null> = []
    const dispatcher = new KeyDispatcher((code) => told.push(code))
    const fired: string[] = []
    const commands: KeyHandler = (k) => fired.push(k.name === 'char' ? k.char : k.name) > 0
    dispatcher.register({ priority: 10, key: { current: commands }, active: { current: true } })
    // seen: "oyo-42" scanned on Stock and throttle ran o, "mark the selected item out of stock"
    dispatcher.scan('oyo-42')
    expect(fired).toEqual([])
    expect(told).toEqual(['oyo-42'])
    // the line stands until the person's next key, which does what it does
    dispatcher.key({ name: 'char', char: 'j' })
    expect(told).toEqual(['oyo-42', null])
    expect(fired).toEqual(['j'])

    // a field open: the code is typed into it, and its Enter submits it
    let value = ''
    const submitted: string[] = []
    const field = { current: true }
    const typing: KeyHandler = (k) => {
      if (k.name === 'char') value += k.char
      else if (k.name === 'return') submitted.push(value)
      else return false
      return true
    }
    dispatcher.register({ priority: 11, key: { current: typing }, active: field, takesText: true })
    dispatcher.scan('LOC-A011')
    expect(submitted).toEqual(['LOC-A011'])
    expect(fired).toEqual(['j'])
  })
})
