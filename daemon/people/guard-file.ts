import { readFile, rename } from 'node:fs/promises'
import { z } from 'zod'
import { writeJsonFile } from '../json-file.js'

/** What the sign-in guard keeps per person id (known or not: an unknown id is guarded the same). */
export const GuardEntry = z.object({
  /** Wrong PINs in a row; an attempt is counted here before its PIN is checked. */
  count: z.number().int().nonnegative(),
  lockedUntil: z.number(),
  /** When the last attempt began: the oldest entries are dropped first when the file is full. */
  lastAt: z.number(),
})
export type GuardEntry = z.infer<typeof GuardEntry>

export const GuardState = z
  .object({
    v: z.literal(1),
    /** Every person is locked out until then (set when the file was found corrupt). */
    lockdownUntil: z.number(),
    people: z.record(z.string().max(64), GuardEntry),
  })
  .strict()
export type GuardState = z.infer<typeof GuardState>

export type GuardFileRead = { kind: 'missing' } | { kind: 'ok'; state: GuardState } | { kind: 'corrupt'; why: string }

/**
 * `<data dir>/sign-in-guard.json`: the guard's state, so a restart does not forgive wrong PINs.
 * Owner-only (0600), written whole to a temporary file, flushed, and renamed into place, so a
 * crash leaves either the old state or the new one, never half of one.
 */
export class GuardFile {
  constructor(readonly path: string) {}

  async read(): Promise<GuardFileRead> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
      return { kind: 'corrupt', why: `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})` }
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return { kind: 'corrupt', why: 'not valid JSON' }
    }
    const parsed = GuardState.safeParse(json)
    if (!parsed.success) return { kind: 'corrupt', why: 'not a sign-in guard state' }
    return { kind: 'ok', state: parsed.data }
  }

  /** Replaced whole, synced, the rename too: a power cut must not bring back an earlier count. */
  async write(state: GuardState): Promise<void> {
    await writeJsonFile(this.path, state)
  }

  /** Keep a corrupt file for a person to look at; the guard starts a fresh one. */
  async setAside(now: number): Promise<string> {
    const aside = `${this.path}.corrupt-${now}`
    await rename(this.path, aside)
    return aside
  }
}
