import { OutpostError } from '../../protocol/index.js'

const FREE_ATTEMPTS = 5
const BASE_LOCK_MS = 30_000
const MAX_LOCK_MS = 15 * 60_000

/**
 * Slows down PIN guessing: after five wrong PINs for a person in a row, sign-in for that person
 * is refused without checking for 30 s, doubling with every further miss (up to 15 minutes).
 * Kept in memory: a restart forgives, which is fine for a terminal a person stands at.
 */
export class SignInGuard {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  check(person: string): void {
    const state = this.failures.get(person)
    if (state !== undefined && state.lockedUntil > this.now()) {
      const seconds = Math.ceil((state.lockedUntil - this.now()) / 1000)
      throw new OutpostError('E_LOCKED_OUT', `too many wrong PINs for ${person}: try again in ${seconds} s`)
    }
  }

  failed(person: string): void {
    const state = this.failures.get(person) ?? { count: 0, lockedUntil: 0 }
    state.count++
    if (state.count >= FREE_ATTEMPTS) {
      state.lockedUntil = this.now() + Math.min(BASE_LOCK_MS * 2 ** (state.count - FREE_ATTEMPTS), MAX_LOCK_MS)
    }
    this.failures.set(person, state)
  }

  succeeded(person: string): void {
    this.failures.delete(person)
  }
}
