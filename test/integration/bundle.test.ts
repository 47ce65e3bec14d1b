import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { OUTPOST_BIN } from '../helpers/daemon-process.js'

/**
 * The program runs from one bundle (dist/app/, scripts/package/bundle.ts), split at each command's
 * dynamic import: a command that only talks to a daemon, or only prints its usage, must not load
 * the TUI's React and Ink nor the daemon's storage and mesh. Loading them is what made a daemon
 * start ~0.5 s of CPU slower from separate files, and a status line would pay it too. Which chunk
 * holds which package comes from esbuild's own record of the bundle (dist/app/meta.json); which
 * chunks a command loads, from a module loader hook that names each file as it loads.
 */
const APP_DIR = dirname(OUTPOST_BIN)
const HEAVY = ['react', 'ink', 'hypercore', 'autobase', 'hyperswarm']

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>
}

/** The bundle's files (relative to dist/app/) that hold a heavy package, with the packages they hold. */
function heavyChunks(): Map<string, string[]> {
  const meta = JSON.parse(readFileSync(join(APP_DIR, 'meta.json'), 'utf8')) as Metafile
  const chunks = new Map<string, string[]>()
  for (const [output, { inputs }] of Object.entries(meta.outputs)) {
    const held = HEAVY.filter((pkg) => Object.keys(inputs).some((input) => input.includes(`node_modules/${pkg}/`)))
    if (held.length > 0) chunks.set(relative(APP_DIR, output.replace(/^dist\/app\//, `${APP_DIR}/`)), held)
  }
  return chunks
}

// Node 20's off-thread module hooks: each file the loader loads, appended to the file that
// OUTPOST_TEST_LOADED names (a file, not stderr: the CLI's exit does not wait for its pipes)
const LOADER = `data:text/javascript,${encodeURIComponent(
  `import { appendFileSync } from 'node:fs'; export async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(process.env.OUTPOST_TEST_LOADED, url + '\\n'); return next(url, context) }`,
)}`
const REGISTER = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(LOADER)})`)}`

/** The bundle's files that `outpost ARGS` loads, relative to dist/app/. */
async function loadedBy(dir: string, args: string[]): Promise<{ files: string[]; stdout: string; stderr: string }> {
  const list = join(dir, `loaded-${args.join('-').replace(/\W/g, '')}.txt`)
  await writeFile(list, '')
  const run = await runCli(args, { NODE_OPTIONS: `--import ${REGISTER}`, OUTPOST_TEST_LOADED: list, OUTPOST_METRICS_PORT: '0' })
  const files = (await readFile(list, 'utf8'))
    .split('\n')
    .filter((url) => url !== '')
    .map((url) => relative(APP_DIR, fileURLToPath(url)))
  return { files, stdout: run.stdout, stderr: run.stderr }
}

describe('the bundle in dist/app/', () => {
  it('its entry loads none of the program before the compile cache is on: every module it holds or imports is bin/outpost or bin/compile-cache', () => {
    // a module the entry imported statically would load before startCompileCache() runs, uncached
    const meta = JSON.parse(readFileSync(join(APP_DIR, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }>
    }
    // the entry and every chunk it imports statically, all the way down
    const loadedFirst = new Set<string>()
    const visit = (path: string): void => {
      if (loadedFirst.has(path)) return
      loadedFirst.add(path)
      for (const i of meta.outputs[path]!.imports) if (i.kind === 'import-statement' && i.external !== true) visit(i.path)
    }
    visit('dist/app/outpost.js')
    const modules = [...loadedFirst].flatMap((path) => Object.keys(meta.outputs[path]!.inputs))
    expect(modules.sort()).toEqual(['dist/bin/compile-cache.js', 'dist/bin/outpost.js'])
  })

  it('outpost --help and outpost status load none of React, Ink, the store or the mesh; the daemon command does', async () => {
    const heavy = heavyChunks()
    // the record itself: the heavy packages are in the bundle, so the check below can see them
    expect(new Set([...heavy.values()].flat())).toEqual(new Set(HEAVY))
    const dir = await mkdtemp(join(tmpdir(), 'op-bundle-'))
    try {
      const help = await loadedBy(dir, ['--help'])
      expect(help.stdout).toContain('Usage: outpost')
      const status = await loadedBy(dir, ['--data-dir', join(dir, 'node'), 'status'])
      expect(status.stderr).toMatch(/no daemon runs for this data dir/)
      for (const { files } of [help, status]) {
        expect(files).toContain('outpost.js')
        expect(files.filter((f) => heavy.has(f)).map((f) => `${f}: ${heavy.get(f)!.join(', ')}`)).toEqual([])
      }
      // and the check can fail: the daemon's command loads the store and the mesh (here it stops
      // at a site.json that is not JSON, after loading them)
      await mkdir(join(dir, 'node'))
      await writeFile(join(dir, 'node', 'site.json'), 'not json')
      const daemon = await loadedBy(dir, ['--data-dir', join(dir, 'node'), 'daemon', '--no-network'])
      expect(daemon.stderr).toMatch(/site\.json is not valid JSON/)
      const held = new Set(daemon.files.flatMap((f) => heavy.get(f) ?? []))
      expect(held.has('hypercore') && held.has('autobase') && held.has('hyperswarm')).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
