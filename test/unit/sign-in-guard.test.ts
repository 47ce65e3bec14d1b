import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../daemon/logger.js'
import { badgeMatches, newBadge } from '../../daemon/people/badge.js'
import { SignInGuard } from '../../daemon/people/sign-in-guard.js'
import { BadgeCode } from '../../protocol/index.js'

const wrong = () => Promise.resolve(false)
const right = () => Promise.resolve(true)

/** A logger that keeps its error lines, for the corrupt-file test. */
function keptLog(): { logger: Logger; errors: string[] } {
  const errors: string[] = []
  const logger = { error: (_obj: unknown, msg: string) => errors.push(msg) } as unknown as Logger
  return { logger, errors }
}

describe('SignInGuard', () => {
  it('locks a person out after five wrong PINs, doubling the wait; a right PIN clears the count', async () => {
    let now = 0
    const guard = SignInGuard.inMemory({ now: () => now })
    for (let i = 0; i < 4; i++) expect(await guard.attempt('ana', wrong)).toBe(false)
    expect(await guard.attempt('ana', wrong)).toBe(false)
    await expect(guard.attempt('ana', right)).rejects.toThrow(/too many wrong PINs for ana: try again in 30 s/)
    expect(await guard.attempt('bo', wrong)).toBe(false) // others are not affected
    now = 30_001
    expect(await guard.attempt('ana', wrong)).toBe(false)
    await expect(guard.attempt('ana', right)).rejects.toMatchObject({ code: 'E_LOCKED_OUT', message: /try again in 60 s/ })
    now = 90_002
    expect(await guard.attempt('ana', right)).toBe(true)
    for (let i = 0; i < 4; i++) expect(await guard.attempt('ana', wrong)).toBe(false)
    expect(await guard.attempt('ana', right)).toBe(true) // the count started again from zero
  })

  it('counts attempts before checking: of 200 at once for one person, five are checked', async () => {
    const guard = SignInGuard.inMemory({ checksBurst: 1000 })
    let checked = 0
    let running = 0
    let mostAtOnce = 0
    const slowWrong = async () => {
      checked++
      mostAtOnce = Math.max(mostAtOnce, ++running)
      await new Promise((r) => setImmediate(r))
      running--
      return false
    }
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, () => guard.attempt('ana', slowWrong)))
    expect(checked).toBe(5)
    expect(mostAtOnce).toBe(1) // one check at a time per person
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o.reason as { code: string }).code)
    expect(refused).toHaveLength(195)
    expect(new Set(refused)).toEqual(new Set(['E_LOCKED_OUT']))
  })

  it('a check that throws still counts as an attempt, and the next one runs', async () => {
    const guard = SignInGuard.inMemory()
    const broken = () => Promise.reject(new Error('view read failed'))
    for (let i = 0; i < 5; i++) await expect(guard.attempt('ana', broken)).rejects.toThrow('view read failed')
    await expect(guard.attempt('ana', right)).rejects.toMatchObject({ code: 'E_LOCKED_OUT' })
  })

  it('checks at most checksPerSecond PINs on the node, after a burst, for all people together', async () => {
    let now = 0
    const guard = SignInGuard.inMemory({ checksPerSecond: 2, checksBurst: 3, now: () => now })
    for (const person of ['a1', 'a2', 'a3']) expect(await guard.attempt(person, wrong)).toBe(false)
    let checked = false
    await expect(
      guard.attempt('a4', async () => {
        checked = true
        return true
      }),
    ).rejects.toMatchObject({ code: 'E_RATE_LIMITED', message: 'too many sign-ins on this node just now: try again in 1 s' })
    expect(checked).toBe(false)
    now = 500 // half a second: one more token at 2 a second
    expect(await guard.attempt('a4', right)).toBe(true)
    await expect(guard.attempt('a5', right)).rejects.toMatchObject({ code: 'E_RATE_LIMITED' })
    now = 60_000 // the bucket refills to its burst, no further
    for (const person of ['b1', 'b2', 'b3']) expect(await guard.attempt(person, wrong)).toBe(false)
    await expect(guard.attempt('b4', right)).rejects.toMatchObject({ code: 'E_RATE_LIMITED' })
  })
})

describe('SignInGuard state file', () => {
  let dir: string
  let path: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'op-guard-'))
    path = join(dir, 'sign-in-guard.json')
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('a lock-out survives a restart; the file is owner-only', async () => {
    const { logger } = keptLog()
    const first = await SignInGuard.open({ path, logger })
    for (let i = 0; i < 5; i++) await first.attempt('ana', wrong)
    await first.close()
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const second = await SignInGuard.open({ path, logger })
    await expect(second.attempt('ana', right)).rejects.toMatchObject({ code: 'E_LOCKED_OUT' })
    expect(await second.attempt('bo', right)).toBe(true)
  })

  it('an attempt is on disk before its PIN is checked (a crash mid-check does not forgive it)', async () => {
    const { logger } = keptLog()
    const guard = await SignInGuard.open({ path, logger })
    let onDisk: unknown = null
    await guard.attempt('ana', async () => {
      onDisk = JSON.parse(await readFile(path, 'utf8'))
      return false
    })
    expect(onDisk).toMatchObject({ v: 1, people: { ana: { count: 1 } } })
  })

  it('a corrupt file fails safe: nobody signs in for 15 minutes, the file is set aside, a line is logged', async () => {
    let now = 1_000_000
    await writeFile(path, '{"v":1,"lockdownUntil":0,"people":{"ana":{"cou', { mode: 0o600 })
    const { logger, errors } = keptLog()
    const guard = await SignInGuard.open({ path, logger, now: () => now })
    expect(errors).toEqual(['sign-in guard state is corrupt: no sign-in on this node for 15 minutes rather than forgive wrong PINs'])
    await expect(guard.attempt('bo', right)).rejects.toMatchObject({ code: 'E_LOCKED_OUT', message: /try again in 900 s/ })
    expect((await readdir(dir)).sort()).toEqual(['sign-in-guard.json', `sign-in-guard.json.corrupt-${now}`])
    // the lockdown is written down too: a restart during it does not end it
    const again = await SignInGuard.open({ path, logger, now: () => now })
    await expect(again.attempt('bo', right)).rejects.toMatchObject({ code: 'E_LOCKED_OUT' })
    now += 15 * 60_000 + 1
    expect(await again.attempt('bo', right)).toBe(true)
    expect(errors).toHaveLength(1)
  })

  it('a file of the wrong shape is corrupt too', async () => {
    for (const text of ['[]', '{"v":2,"lockdownUntil":0,"people":{}}', '{"v":1,"lockdownUntil":"soon","people":{}}', 'null']) {
      await writeFile(path, text)
      const { logger, errors } = keptLog()
      const guard = await SignInGuard.open({ path, logger })
      expect(errors).toHaveLength(1)
      await expect(guard.attempt('bo', right)).rejects.toMatchObject({ code: 'E_LOCKED_OUT' })
    }
  })
})

describe('two-factor badges', () => {
  it('a badge matches its person and its current hash only', () => {
    const { code, hash } = newBadge('mo')
    expect(BadgeCode.safeParse(code).success).toBe(true)
    expect(badgeMatches(code, 'mo', hash)).toBe(true)
    expect(badgeMatches(code, 'ana', hash)).toBe(false) // someone else's badge
    expect(badgeMatches(code, 'mo', undefined)).toBe(false) // no badge issued
    expect(badgeMatches(code, 'mo', newBadge('mo').hash)).toBe(false) // re-issued: the old one stops
    expect(newBadge('mo').code).not.toBe(code)
  })

  it('the badge code refuses what is not one', () => {
    for (const bad of ['mo', 'mo:', 'mo:short', 'Mo:abcdefghijklmnopqrstuvwxyz', 'mo:abcdefghijklmnopqrstuvwxy1', `mo:${'a'.repeat(27)}`])
      expect(BadgeCode.safeParse(bad).success).toBe(false)
  })
})
