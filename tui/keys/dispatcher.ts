import type { Key } from './tokenize.js'

/** Higher layers get keys first: a modal over a screen over the app's global keys. */
export const Layer = { global: 0, screen: 10, overlay: 20, prompt: 30 } as const

export type KeyHandler = (key: Key) => boolean
/**
 * Takes a scanned code; returns false to leave it to the next layer (a field that cannot hold it),
 * or 'keys' where a burst is keys pressed fast, not a scan (a bump bar on the kitchen board): the
 * keys are then handed over one by one, paced like any keys (PacedTarget).
 */
export type ScanHandler = (code: string, how: ScanHow) => void | boolean | 'keys'

/**
 * How a scan was told from typing. `framed`: it came between the scanner's prefix and suffix
 * (scan-frame.ts), so it is a scan whatever its characters; otherwise timing said so, and a burst
 * of a screen's own keys may be keys pressed fast (a bump bar).
 */
export interface ScanHow {
  framed: boolean
}

interface Registration {
  priority: number
  order: number
  key?: { current: KeyHandler }
  scan?: { current: ScanHandler }
  active: { current: boolean }
  /** A text field: the keys it takes are typed text (undone with Backspace), not commands. */
  takesText?: boolean
}

/** How a burst no Enter ended was delivered (KeyDispatcher.unended); 'keys': to be handed over as keys. */
export type UnendedOutcome = 'typed' | 'scan' | 'keys' | 'nobody'

/** Who took a key: nobody, a text field (the key was typed), or a command handler (something happened). */
export type KeyTaker = { kind: 'nobody' } | { kind: 'field'; field: object } | { kind: 'command' }

/**
 * Hands each key to the highest active layer that wants it: a key handler returns true when it
 * consumed the key. A scan goes whole to the highest active scan handler; where no layer takes
 * scans, it is typed into the open text field (its characters and Enter, as keys), and where no
 * field is open either, it is told and nothing is done: never run as the screen's command keys.
 */
export class KeyDispatcher {
  private registrations: Registration[] = []
  private counter = 0

  constructor(
    /**
     * Says a scan nobody here takes (its code), and null at the next key: the screen's line
     * about it stands until the person does something else.
     */
    private readonly told: (code: string | null) => void = () => {},
  ) {}
  private telling = false

  register(reg: Omit<Registration, 'order'>): () => void {
    const entry = { ...reg, order: this.counter++ }
    this.registrations = [...this.registrations, entry].sort((a, b) => b.priority - a.priority || b.order - a.order)
    return () => {
      this.registrations = this.registrations.filter((r) => r !== entry)
    }
  }

  /** Says who took the key, so that keys a split scan released can be undone (see SplitMender). */
  key(key: Key): KeyTaker {
    if (this.telling) {
      this.telling = false
      this.told(null)
    }
    for (const reg of this.registrations) {
      if (reg.active.current && reg.key !== undefined && reg.key.current(key))
        return reg.takesText === true ? { kind: 'field', field: reg } : { kind: 'command' }
    }
    return { kind: 'nobody' }
  }

  /**
   * Characters that came at a scanner's pace and no Enter ended (KeyRouter): a scan whose Enter is
   * late or never comes, or a paste. Never command keys: the highest layer that types text or
   * takes scans gets it, a text field as typed text (without Enter: a paste is not submitted), a
   * scan handler as a scan. Where neither is, nothing happens.
   */
  unended(code: string): UnendedOutcome {
    const field = this.openField()
    for (const reg of this.registrations) {
      if (!reg.active.current) continue
      // a field's own scan handler (takeScans) submits what it types: no Enter came, so it is typed only
      if (field !== undefined && field.priority >= reg.priority) {
        for (const char of code) field.key!.current({ name: 'char', char })
        return 'typed'
      }
      const taken = reg.scan === undefined ? false : reg.scan.current(code, { framed: false })
      if (taken === 'keys') return 'keys'
      if (taken !== false) return 'scan'
    }
    return 'nobody'
  }

  /** 'keys': the layer that got it says it is keys: the caller hands its characters and Enter over as keys. */
  scan(code: string, how: ScanHow = { framed: false }): void | 'keys' {
    for (const reg of this.registrations) {
      if (!reg.active.current || reg.scan === undefined) continue
      const taken = reg.scan.current(code, how)
      if (taken === 'keys') return 'keys'
      if (taken !== false) return
    }
    // A field open: a code typed there by a fast hand, or pasted with its Enter. No field: the
    // code's characters would be the screen's commands (seen: a scanned "oyo-42" on Stock and
    // throttle ran o, "mark the selected item out of stock").
    if (this.openField() !== undefined) {
      for (const char of code) this.key({ name: 'char', char })
      this.key({ name: 'return' })
      return
    }
    this.told(code)
    this.telling = true
  }

  /** The highest active text field (a layer whose keys are typed text), if one is open. */
  private openField(): Registration | undefined {
    return this.registrations.find((r) => r.active.current && r.takesText === true && r.key !== undefined)
  }
}
