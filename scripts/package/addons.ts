import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The checkout: scripts/package/ compiles to dist/scripts/package/. */
export const ROOT = resolve(import.meta.dirname, '../../..')

/**
 * The native addons the single executable loads from the folder beside it (a SEA cannot load a
 * .node file from inside its blob). Each entry names the package whose loader file the bundler
 * replaces with `__outpostAddon(name)` (scripts/package/prelude.ts), and where that platform's
 * compiled addon comes from. A package the bundle reaches that ships a .node file or prebuilds/
 * and is not listed here fails the build (see unknownNatives in build.ts): a new native
 * dependency is never shipped without its addon.
 */
export type Arch = 'x64' | 'arm64'

export interface NativeAddon {
  /** The npm package, as require() names it. */
  pkg: string
  /** The file in the package that loads the addon (its whole text is replaced). */
  loader: string
  /** What the replaced loader exports: the addon itself, or an object with it under a key. */
  exportAs: 'module' | { key: string }
  /** The .node file for an architecture, found in node_modules or in a fetched package. */
  source: (arch: Arch, fetch: (spec: string) => string) => string
}

/** Holepunch's addons ship every platform under prebuilds/<platform>-<arch>/<name>.node. */
function holepunch(pkg: string): NativeAddon {
  return {
    pkg,
    loader: 'binding.js',
    exportAs: 'module',
    source: (arch) => join('node_modules', pkg, 'prebuilds', `linux-${arch}`, `${pkg}.node`),
  }
}

export const NATIVE_ADDONS: NativeAddon[] = [
  holepunch('rocksdb-native'),
  holepunch('sodium-native'),
  holepunch('udx-native'),
  holepunch('quickbit-native'),
  holepunch('simdle-native'),
  holepunch('fs-native-extensions'),
  {
    // node-gyp-build's layout: prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node
    pkg: '@serialport/bindings-cpp',
    loader: 'dist/serialport-bindings.js',
    exportAs: { key: 'binding' },
    source: (arch) =>
      join(
        'node_modules/@serialport/bindings-cpp/prebuilds',
        `linux-${arch}`,
        `@serialport+bindings-cpp${arch === 'arm64' ? '.armv8' : ''}.glibc.node`,
      ),
  },
  {
    // napi-rs: one optional package per platform; npm installs only this machine's, so the other
    // architecture's is fetched from the registry at package time (fetchPackage)
    pkg: '@resvg/resvg-js',
    loader: 'js-binding.js',
    exportAs: 'module',
    source: (arch, fetch) => {
      const name = `@resvg/resvg-js-linux-${arch}-gnu`
      const file = `resvgjs.linux-${arch}-gnu.node`
      const local = join('node_modules', name, file)
      if (existsSync(local)) return local
      const version = (JSON.parse(readFileSync('node_modules/@resvg/resvg-js/package.json', 'utf8')) as { version: string }).version
      return join(fetch(`${name}@${version}`), file)
    },
  },
]

/** The file name an addon has in the folder beside the executable: @scope/name -> @scope+name.node. */
export function addonFileName(pkg: string): string {
  return pkg.replace('/', '+') + '.node'
}

/**
 * An npm package unpacked under the cache dir (`npm pack` from the configured registry, then
 * tar): how the other architecture's Node binary and napi-rs addons arrive. Kept between builds.
 */
export function fetchPackage(cacheDir: string, spec: string): string {
  const dir = join(cacheDir, spec.replace(/[/@]/g, '_'))
  if (existsSync(join(dir, 'package', 'package.json'))) return join(dir, 'package')
  mkdirSync(dir, { recursive: true })
  const packed = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--silent', '--pack-destination', dir], { encoding: 'utf8' })) as {
    filename: string
  }[]
  const tarball = join(dir, packed[0]!.filename)
  execFileSync('tar', ['-xzf', tarball, '-C', dir])
  return join(dir, 'package')
}

/** Copy each addon's .node for `arch` into `dir`; returns the files written. */
export function copyAddons(arch: Arch, dir: string, cacheDir: string): string[] {
  mkdirSync(dir, { recursive: true })
  return NATIVE_ADDONS.map((addon) => {
    const from = addon.source(arch, (spec) => fetchPackage(cacheDir, spec))
    if (!existsSync(from)) throw new Error(`no ${arch} build of ${addon.pkg}: ${from} is missing`)
    const to = join(dir, addonFileName(addon.pkg))
    copyFileSync(from, to)
    return to
  })
}

/** The packages under node_modules a bundle input belongs to (node_modules/@s/n/x.js -> @s/n). */
export function packageOf(input: string): string | null {
  const at = input.lastIndexOf('node_modules/')
  if (at < 0) return null
  const rest = input.slice(at + 'node_modules/'.length).split('/')
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
}

/** Whether a package ships a compiled addon (a .node file at its top or a prebuilds/ folder). */
export function shipsNative(pkgDir: string): boolean {
  if (existsSync(join(pkgDir, 'prebuilds'))) {
    // bare-* packages ship only .bare files (the Bare runtime's), which Node never loads
    return readdirSync(join(pkgDir, 'prebuilds'), { recursive: true }).some((f) => String(f).endsWith('.node'))
  }
  return readdirSync(pkgDir).some((f) => f.endsWith('.node')) || existsSync(join(pkgDir, 'binding.gyp'))
}

/** Packages among a bundle's inputs that ship a compiled addon but are not in NATIVE_ADDONS. */
export function unknownNatives(inputs: string[], root: string): string[] {
  const known = new Set(NATIVE_ADDONS.map((a) => a.pkg))
  const pkgs = new Set(inputs.map(packageOf).filter((p): p is string => p !== null))
  return [...pkgs].filter((p) => !known.has(p) && shipsNative(join(root, 'node_modules', p)))
}
