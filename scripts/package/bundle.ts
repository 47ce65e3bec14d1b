import { build } from 'esbuild'
import { readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { NATIVE_ADDONS, ROOT, unknownNatives } from './addons.js'

/**
 * `npm run build`'s second step: the program as it runs from a checkout, `dist/app/outpost.js`,
 * one ES module bundle of what tsc wrote under dist/ (and of the packages it imports), split at
 * each command's dynamic import so that `outpost status` still loads no React and no storage.
 *
 * Why: Node 20 loads ES modules one file at a time, and the daemon reached ~800 files. Starting
 * from them cost ~0.5 s of CPU more than from one bundle (`npm run bench restart`'s "daemon CPU
 * until ready": 1,340 against 780-900 ms on a 10,000-roll site), which put a restart at 1,000,000
 * rolls over 1 s (issue #15) and every daemon and CLI a test spawns slower. The single executable
 * (build.ts) bundles the same way for the same reason.
 *
 * What stays outside, loaded by Node from node_modules: the packages with native addons (their
 * loaders find the .node file relative to their own folder) and React DevTools, which Ink imports
 * only when DEV=true. Everything else that finds a file at run time does it through
 * createRequire(import.meta.url) or by walking up from it, which reach the same node_modules and
 * package.json from dist/app/ as from dist/<layer>/.
 *
 *   node dist/scripts/package/bundle.js
 */
export const APP_DIR = join(ROOT, 'dist', 'app')

/**
 * How long a chunk is kept after a build first left it out. A daemon started from a checkout
 * loads some chunks only when first used (a print's renderer, the kitchen's export): a rebuild
 * that deleted the chunks it was started with made that first use fail (ERR_MODULE_NOT_FOUND,
 * seen with a demo daemon left running over `npm start`), as a new build's chunks have new names.
 * Counted from the build that replaced a chunk (dist/app/replaced.json), not from when it was
 * written: a daemon may have run for weeks on chunks written the day it started.
 */
const REPLACED_CHUNK_DAYS = 7

export async function bundleApp(): Promise<void> {
  const result = await build({
    entryPoints: { outpost: join(ROOT, 'dist', 'bin', 'outpost.js') },
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: APP_DIR,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    // maps beside the chunks, read only under `node --enable-source-maps` (a stack trace by the sources' lines)
    sourcemap: 'linked',
    logLevel: 'error',
    legalComments: 'none',
    external: [...NATIVE_ADDONS.map((a) => a.pkg), 'react-devtools-core'],
    // the CommonJS packages in the bundle call require(): an ES module has none, so each file gets one
    banner: { js: "import { createRequire as __outpostRequire } from 'node:module'\nconst require = __outpostRequire(import.meta.url)" },
  })
  // which package went into which chunk: for a look with esbuild's analyzer, and for the test that
  // a light command loads no React and no storage (test/integration/bundle.test.ts)
  writeFileSync(join(APP_DIR, 'meta.json'), JSON.stringify(result.metafile))
  pruneReplacedChunks(new Set(Object.keys(result.metafile.outputs).map((output) => resolve(ROOT, output))))
  const unknown = unknownNatives(Object.keys(result.metafile.inputs), ROOT)
  if (unknown.length > 0)
    throw new Error(`native packages bundled that must stay outside (scripts/package/addons.ts): ${unknown.join(', ')}`)
}

/** Chunks (and their maps) this build did not write: noted the first time, removed REPLACED_CHUNK_DAYS later. */
function pruneReplacedChunks(written: Set<string>): void {
  const dir = join(APP_DIR, 'chunks')
  const record = join(APP_DIR, 'replaced.json')
  let replaced: Record<string, number> = {}
  try {
    replaced = JSON.parse(readFileSync(record, 'utf8')) as Record<string, number>
  } catch {
    // none yet: every chunk not written now is replaced from now
  }
  const now = Date.now()
  const kept: Record<string, number> = {}
  for (const name of readdirSync(dir)) {
    if (written.has(join(dir, name))) continue
    const since = replaced[name] ?? now
    if (now - since > REPLACED_CHUNK_DAYS * 24 * 3600 * 1000) rmSync(join(dir, name), { force: true })
    else kept[name] = since
  }
  writeFileSync(record, JSON.stringify(kept, null, 1) + '\n')
}

if (realpathSync(process.argv[1] ?? '') === import.meta.filename) await bundleApp()
