import { appendFileSync } from 'node:fs'
import type { KeyTaker, ScanHow, UnendedOutcome } from './dispatcher.js'
import type { MenderTarget } from './split-mender.js'
import type { Key } from './tokenize.js'

/**
 * OUTPOST_SCAN_LOG=<file>: every scan and key handed to the screens is appended to the file, one
 * a line ("scan R-DEMO-11", "key R", "key <return>"; a burst no Enter ended: "scan", "typed" into a field, "keys" where a screen reads it as keys, or "dropped"). It shows what this terminal received when
 * scans go wrong in the field, and the scans bench counts whole, split, merged and lost scans by it.
 */
export class ScanLog implements MenderTarget {
  constructor(
    private readonly target: MenderTarget,
    private readonly file: string,
  ) {}

  key(key: Key): KeyTaker {
    appendFileSync(this.file, `key ${key.name === 'char' ? key.char : `<${key.name}>`}\n`)
    return this.target.key(key)
  }

  scan(code: string, how?: ScanHow): void | 'keys' {
    appendFileSync(this.file, `scan ${code}\n`)
    return this.target.scan(code, how)
  }

  unended(code: string): UnendedOutcome {
    const outcome = this.target.unended(code)
    appendFileSync(this.file, `${outcome === 'nobody' ? 'dropped' : outcome} ${code}\n`)
    return outcome
  }
}
