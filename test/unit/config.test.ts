import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DAEMON_NODE_FLAGS, defaultDataDir, resolveConfig } from '../../daemon/config.js'
import { DAEMON_ENV } from '../../daemon/memory.js'
import { DEFAULT_SOCKET_LIMITS } from '../../daemon/socket/limits.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'op-cfg-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('resolveConfig', () => {
  it('flag over environment over XDG default, frozen', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' })).toBe('/x/outpost')
    // a relative one would put the node's data under wherever the command was started: ignored (XDG's rule)
    expect(defaultDataDir({ XDG_DATA_HOME: 'data' })).toBe(join(homedir(), '.local', 'share', 'outpost'))
    expect(defaultDataDir({ HOME: '/h' })).toMatch(/\.local\/share\/outpost$/)
    expect(resolveConfig({ env: { OUTPOST_DATA_DIR: dir } }).dataDir).toBe(dir)
    const config = resolveConfig({ dataDir: join(dir, 'flag'), env: { OUTPOST_DATA_DIR: dir } })
    expect(config.dataDir).toBe(join(dir, 'flag'))
    expect(config.socketPath).toBe(join(dir, 'flag', 'outpost.sock'))
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('reads the config file', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ siteName: 'Kadıköy kitchen', logLevel: 'debug' }))
    expect(resolveConfig({ dataDir: dir, env: {} })).toMatchObject({ siteName: 'Kadıköy kitchen', logLevel: 'debug' })
  })

  it('socket limits: defaults, each overridable, a bad one refused with its field named', async () => {
    expect(resolveConfig({ dataDir: dir, env: {} }).socket).toEqual(DEFAULT_SOCKET_LIMITS)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ socket: { maxConnections: 4, idleTimeoutMs: 2000 } }))
    const config = resolveConfig({ dataDir: dir, env: {} })
    expect(config.socket).toEqual({ ...DEFAULT_SOCKET_LIMITS, maxConnections: 4, idleTimeoutMs: 2000 })
    expect(Object.isFrozen(config.socket)).toBe(true)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ socket: { maxConnections: 0 } }))
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(/config\.json: socket\.maxConnections/)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ socket: { maxFrames: 3 } }))
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(/maxFrames/)
  })

  it('refuses a broken config file with one clear line', async () => {
    await writeFile(join(dir, 'config.json'), '{ "siteName": ')
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(`${join(dir, 'config.json')} is not valid JSON`)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ siteName: 7 }))
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(/config\.json: siteName/)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ colour: 'blue' }))
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(/colour/)
  })
  it('the number style a site founded here gets: flag, else config.json, else the system locale, else none', async () => {
    const tr = { LANG: 'tr_TR.UTF-8' }
    expect(resolveConfig({ dataDir: dir, env: {} }).numberStyle).toBeNull()
    expect(resolveConfig({ dataDir: dir, env: { LANG: 'C.UTF-8' } }).numberStyle).toBeNull()
    expect(resolveConfig({ dataDir: dir, env: tr }).numberStyle).toBe('comma')
    await writeFile(join(dir, 'config.json'), JSON.stringify({ numberStyle: '1,234.5' }))
    expect(resolveConfig({ dataDir: dir, env: tr }).numberStyle).toBe('point')
    expect(resolveConfig({ dataDir: dir, numberStyle: 'comma', env: tr }).numberStyle).toBe('comma')
    for (const bad of ['english', '1.234', 7, null]) {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ numberStyle: bad }))
      expect(() => resolveConfig({ dataDir: dir, env: {} }), JSON.stringify(bad)).toThrow(/numberStyle/)
    }
  })

  it('sign-in: defaults, what the file says, and one line for a bad value', async () => {
    expect(resolveConfig({ dataDir: dir, env: {} }).signIn).toEqual({ checksPerSecond: 5, checksBurst: 10, approvalsNeedBadge: false })
    await writeFile(join(dir, 'config.json'), JSON.stringify({ signIn: { approvalsNeedBadge: true } }))
    expect(resolveConfig({ dataDir: dir, env: {} }).signIn).toEqual({ checksPerSecond: 5, checksBurst: 10, approvalsNeedBadge: true })
    for (const signIn of [{ checksPerSecond: 0 }, { checksBurst: 1.5 }, { approvalsNeedBadge: 'yes' }, { twoFactor: true }]) {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ signIn }))
      expect(() => resolveConfig({ dataDir: dir, env: {} }), JSON.stringify(signIn)).toThrow(/config\.json: signIn/)
    }
  })

  it('the drop folder: its encoding is one TextDecoder knows, UTF-8 unless given', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ dropFolder: { path: 'drop', person: 'admin' } }))
    expect(resolveConfig({ dataDir: dir, env: {} }).dropFolder).toEqual({
      path: join(dir, 'drop'),
      person: 'admin',
      pollMs: 2000,
      encoding: 'utf-8',
    })
    await writeFile(join(dir, 'config.json'), JSON.stringify({ dropFolder: { path: 'drop', person: 'admin', encoding: 'windows-1254' } }))
    expect(resolveConfig({ dataDir: dir, env: {} }).dropFolder?.encoding).toBe('windows-1254')
    await writeFile(join(dir, 'config.json'), JSON.stringify({ dropFolder: { path: 'drop', person: 'admin', encoding: 'ebcdic-tr' } }))
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(/config\.json: dropFolder\.encoding: an encoding TextDecoder knows/)
  })

  it('storage.reserveMb: 256 MB unless set, 0 turns the check off, anything else refused with one line', async () => {
    expect(resolveConfig({ dataDir: dir, env: {} }).reserveBytes).toBe(256 * 1024 * 1024)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ storage: { reserveMb: 0 } }))
    expect(resolveConfig({ dataDir: dir, env: {} }).reserveBytes).toBe(0)
    for (const bad of [-1, 1.5, '64', null, 2 ** 40]) {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ storage: { reserveMb: bad } }))
      expect(() => resolveConfig({ dataDir: dir, env: {} }), JSON.stringify(bad)).toThrow(/config\.json: storage\.reserveMb: /)
    }
    await writeFile(join(dir, 'config.json'), JSON.stringify({ storage: { reserve: 64 } }))
    expect(() => resolveConfig({ dataDir: dir, env: {} })).toThrow(/storage/)
  })
})

describe('the daemon’s Node flags', () => {
  it('the outpost command’s shebang starts node with them, as every spawner passes them', () => {
    const shebang = readFileSync(resolve(import.meta.dirname, '../../bin/outpost.ts'), 'utf8').split('\n')[0]!
    const env = Object.entries(DAEMON_ENV).map(([k, v]) => `${k}=${v}`)
    expect(shebang).toBe(`#!/usr/bin/env -S ${env.join(' ')} node ${DAEMON_NODE_FLAGS.join(' ')}`)
  })
})
