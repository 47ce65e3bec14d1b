import module from 'node:module'
import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileCacheDir, startCompileCache } from '../../bin/compile-cache.js'
import { OUTPOST_BIN } from '../helpers/daemon-process.js'

const home = () => '/home/ana'

describe('the compile cache (Node 22.1 and later)', () => {
  it("is kept in systemd's cache folder, else the user's, never in a relative or shared folder", () => {
    expect(compileCacheDir({ CACHE_DIRECTORY: '/var/cache/outpost:/var/cache/other', XDG_CACHE_HOME: '/x' }, home)).toBe(
      '/var/cache/outpost/node-compile-cache',
    )
    expect(compileCacheDir({ XDG_CACHE_HOME: '/home/ana/.xdg-cache' }, home)).toBe('/home/ana/.xdg-cache/outpost/node-compile-cache')
    expect(compileCacheDir({}, home)).toBe('/home/ana/.cache/outpost/node-compile-cache')
    // relative paths would land in whatever folder the command was started from
    expect(compileCacheDir({ CACHE_DIRECTORY: 'cache', XDG_CACHE_HOME: 'xdg' }, home)).toBe('/home/ana/.cache/outpost/node-compile-cache')
    expect(compileCacheDir({}, () => '')).toBeNull()
    expect(
      compileCacheDir({}, () => {
        throw new Error('no home')
      }),
    ).toBeNull()
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
        const env = Object.fromEntries(Object.entries({ ...process.env, XDG_CACHE_HOME: dir }).filter(([k]) => k !== 'NODE_COMPILE_CACHE'))
        const r = spawnSync(process.execPath, [OUTPOST_BIN, '--help'], { env, encoding: 'utf8' })
        expect(r.status, r.stderr).toBe(0)
        expect((await readdir(join(dir, 'outpost', 'node-compile-cache'), { recursive: true })).length).toBeGreaterThan(1)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  )
})
