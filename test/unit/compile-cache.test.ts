import module from 'node:module'
import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileCacheDir, startCompileCache, type StatPath } from '../../bin/compile-cache.js'
import { OUTPOST_BIN } from '../helpers/daemon-process.js'

const home = () => '/home/ana'
/** Nothing of the cache folder there yet: Node makes it, as this account. */
const none: StatPath = () => null

describe('the compile cache (Node 22.1 and later)', () => {
  it("is kept in systemd's cache folder, else the user's, never in a relative or shared folder", () => {
    const dir = (env: NodeJS.ProcessEnv, h = home) => compileCacheDir(env, h, none, 1000)
    expect(dir({ CACHE_DIRECTORY: '/var/cache/outpost:/var/cache/other', XDG_CACHE_HOME: '/x' })).toBe(
      '/var/cache/outpost/node-compile-cache',
    )
    expect(dir({ XDG_CACHE_HOME: '/home/ana/.xdg-cache' })).toBe('/home/ana/.xdg-cache/outpost/node-compile-cache')
    expect(dir({})).toBe('/home/ana/.cache/outpost/node-compile-cache')
    // relative paths would land in whatever folder the command was started from
    expect(dir({ CACHE_DIRECTORY: 'cache', XDG_CACHE_HOME: 'xdg' })).toBe('/home/ana/.cache/outpost/node-compile-cache')
    expect(dir({}, () => '')).toBeNull()
    expect(
      dir({}, () => {
        throw new Error('no home')
      }),
    ).toBeNull()
  })

  it("is not in a user's folder that another account owns or others may write: root under `sudo -E` keeps that user's HOME", () => {
    // /home/ana is ana's (1000), 0755; her .cache 0700; nothing of outpost's yet
    const tree: Record<string, { uid: number; mode: number }> = {
      '/home/ana': { uid: 1000, mode: 0o40755 },
      '/home/ana/.cache': { uid: 1000, mode: 0o40700 },
    }
    const stat: StatPath = (path) => tree[path] ?? null
    expect(compileCacheDir({}, home, stat, 1000)).toBe('/home/ana/.cache/outpost/node-compile-cache')
    expect(compileCacheDir({}, home, stat, 0)).toBeNull()
    expect(compileCacheDir({ XDG_CACHE_HOME: '/home/ana/.cache' }, home, stat, 0)).toBeNull()
    // a part others may write, at any depth: someone else could put a cache there
    tree['/home/ana/.cache/outpost'] = { uid: 1000, mode: 0o40777 }
    expect(compileCacheDir({}, home, stat, 1000)).toBeNull()
    tree['/home/ana/.cache/outpost'] = { uid: 1000, mode: 0o40700 }
    tree['/home/ana/.cache/outpost/node-compile-cache'] = { uid: 1001, mode: 0o40700 }
    expect(compileCacheDir({}, home, stat, 1000)).toBeNull()
    // systemd's folder is the unit's own (CacheDirectory=): taken as it is
    expect(compileCacheDir({ CACHE_DIRECTORY: '/var/cache/outpost' }, home, stat, 0)).toBe('/var/cache/outpost/node-compile-cache')
  })

  it("is turned on with that folder; not where Node has none (Node 20), nor over Node's own NODE_COMPILE_CACHE", () => {
    const asked: Array<string | undefined> = []
    const enable = (dir?: string) => {
      asked.push(dir)
      return { status: 1, directory: dir }
    }
    expect(startCompileCache({ XDG_CACHE_HOME: '/c' }, enable)).toBe('/c/outpost/node-compile-cache')
    expect(startCompileCache({ XDG_CACHE_HOME: '/c', NODE_COMPILE_CACHE: '/n' }, enable)).toBeNull()
    expect(startCompileCache({ XDG_CACHE_HOME: '/c' }, null)).toBeNull()
    expect(asked).toEqual(['/c/outpost/node-compile-cache'])
  })

  const nodeHasIt = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function'
  it.skipIf(!nodeHasIt)(
    `fills as outpost runs${nodeHasIt ? '' : ` (skipped: Node ${process.version} has no compile cache; it came in 22.1)`}`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'op-ccache-'))
      try {
        // the runner's own cache settings would send it elsewhere, or turn it off
        const theirs = ['NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE', 'CACHE_DIRECTORY']
        const env = Object.fromEntries(Object.entries({ ...process.env, XDG_CACHE_HOME: dir }).filter(([k]) => !theirs.includes(k)))
        const r = spawnSync(process.execPath, [OUTPOST_BIN, '--help'], { env, encoding: 'utf8' })
        expect(r.status, r.stderr).toBe(0)
        expect((await readdir(join(dir, 'outpost', 'node-compile-cache'), { recursive: true })).length).toBeGreaterThan(1)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  )
})
