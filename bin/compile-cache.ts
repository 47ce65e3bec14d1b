import { statSync } from 'node:fs'
import module from 'node:module'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'

/** What Node 22.1 and later have (`module.enableCompileCache`); Node 20 has none. */
type EnableCompileCache = (dir?: string) => { status: number; message?: string; directory?: string }

/** The owner and mode of a path (links followed), or null when there is none. */
export type StatPath = (path: string) => { uid: number; mode: number } | null

const statPath: StatPath = (path) => {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

/**
 * Where V8's compiled code is kept between starts: the service unit's cache folder (systemd's
 * CacheDirectory=, which it names in CACHE_DIRECTORY and gives to the unit's account; the unit's
 * /tmp is new at every start), else the user's cache folder. A cache is code this process runs,
 * so never the shared /tmp that Node would pick, and the user's folder only where each part of it
 * that exists belongs to this account and no one else may write to it: `sudo -E outpost ...`
 * keeps the user's HOME, and root would run what that user put there. Null: no cache.
 */
export function compileCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  home: () => string = homedir,
  stat: StatPath = statPath,
  uid: number | undefined = process.getuid?.(),
): string | null {
  const systemd = env.CACHE_DIRECTORY?.split(':')[0]
  if (systemd !== undefined && isAbsolute(systemd)) return join(systemd, 'node-compile-cache')
  const xdg = env.XDG_CACHE_HOME
  const base = xdg !== undefined && isAbsolute(xdg) ? [xdg] : homeCache(home)
  if (base === null) return null
  const parts = [...base, 'outpost', 'node-compile-cache']
  for (let i = 1; i <= parts.length; i++) {
    const found = stat(join(...parts.slice(0, i)))
    if (found === null) continue // made by Node, as this account
    if ((uid !== undefined && found.uid !== uid) || (found.mode & 0o022) !== 0) return null
  }
  return join(...parts)
}

/** ~/.cache as its parts (the home folder's owner is checked too), or null without a home. */
function homeCache(home: () => string): string[] | null {
  try {
    const dir = home()
    return isAbsolute(dir) ? [dir, '.cache'] : null
  } catch {
    return null // an account without a home: no cache, as on Node 20
  }
}

/**
 * Keep what V8 compiles for the next start. Most of a start is compiling the program (~1 MB of
 * JavaScript before the CLI parses its flags, ~2.5 MB more for the daemon): with the cache a
 * restart on Node 22 was 80-150 ms faster (docs/benchmarks.md, Restart). On Node 20 there is no
 * such cache and this does nothing. NODE_COMPILE_CACHE, when set, is Node's own and wins; a
 * folder that cannot be written leaves the cache off (Node says so only in its status). Called
 * before the rest of the program is imported: only modules loaded after it are cached.
 */
export function startCompileCache(env: NodeJS.ProcessEnv = process.env, enable = nodeCompileCache()): string | null {
  if (enable === null || env.NODE_COMPILE_CACHE !== undefined) return null
  const dir = compileCacheDir(env)
  if (dir === null) return null
  return enable(dir).directory ?? null
}

function nodeCompileCache(): EnableCompileCache | null {
  return (module as { enableCompileCache?: EnableCompileCache }).enableCompileCache ?? null
}
