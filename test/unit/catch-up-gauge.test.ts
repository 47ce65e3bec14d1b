import { mkdtempSync, openSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type Autobase from 'autobase'
import type Corestore from 'corestore'
import type Hyperbee from 'hyperbee'
import { CatchUpGauge } from '../../daemon/catch-up.js'
import { createLogger, errForLog } from '../../daemon/logger.js'

/** An Autobase stand-in: a system view whose reads fail as a replaced, closing snapshot's do. */
function baseWith(get: () => Promise<{ length: number } | null>): Autobase<Hyperbee> {
  return { closed: false, system: { get } } as unknown as Autobase<Hyperbee>
}

const sessionClosed = () => Object.assign(new Error('SESSION_CLOSED: Cannot make sessions on a closing core'), { code: 'SESSION_CLOSED' })

describe('the catch-up gauge reading the system view', () => {
  it('answers with the last length known when the system snapshot is closing under the read', async () => {
    let closing = false
    const gauge = new CatchUpGauge(
      {} as Corestore,
      baseWith(async () => (closing ? Promise.reject(sessionClosed()) : { length: 7 })),
    )
    const key = Buffer.alloc(32, 1)
    expect(await gauge.folded(key)).toBe(7)
    closing = true
    // before: `system.status` (and /ready's fold lag) failed with an internal error here
    expect(await gauge.folded(key)).toBe(7)
  })

  it('lets any other failure through', async () => {
    const gauge = new CatchUpGauge(
      {} as Corestore,
      baseWith(() => Promise.reject(new Error('disk gone'))),
    )
    await expect(gauge.folded(Buffer.alloc(32, 2))).rejects.toThrow('disk gone')
  })
})

describe('errors in log lines', () => {
  it('keeps the message of an error that carries a graph JSON cannot write', async () => {
    const err = Object.assign(new Error('SESSION_CLOSED: closing core'), { code: 'SESSION_CLOSED' }) as Error & { core?: unknown }
    // what the Holepunch modules hang on some errors: a graph whose parts cannot all be written out
    const core: Record<string, unknown> = {
      name: 'core',
      session: {
        toJSON() {
          throw new Error('closed')
        },
      },
    }
    core.self = core
    err.core = core
    expect(errForLog(err)).toMatchObject({ type: 'Error', message: 'SESSION_CLOSED: closing core', code: 'SESSION_CLOSED' })
    expect(errForLog('a string')).toEqual({ type: 'string', message: 'a string' })

    // the daemon's own logger: before, its line said only "unable to serialize, circular reference"
    const file = join(mkdtempSync(join(tmpdir(), 'op-log-')), 'log')
    const logger = createLogger('error', openSync(file, 'w'))
    logger.error({ err, method: 'system.status' }, 'method failed')
    logger.flush()
    await expect.poll(() => readFileSync(file, 'utf8')).toContain('SESSION_CLOSED: closing core')
  })
})
