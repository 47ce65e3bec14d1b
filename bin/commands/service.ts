import { mkdir, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { resolveConfig, xdgBase } from '../../daemon/config.js'
import { selfCommand, selfEnv } from '../../daemon/self-command.js'
import { OutpostError } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'

export interface ServiceFlags {
  user?: boolean
  /** Write the unit here instead of systemd's folder (to read it, or for a test). */
  output?: string
  /** The unit's name, without .service (default "outpost"). */
  name?: string
  /** The account a system unit runs as (default: the one running this, or SUDO_USER). */
  runAs?: string
}

export interface UnitSpec {
  /** The unit's name, without .service: also its cache folder's. */
  name: string
  dataDir: string
  /** The program and its arguments before `--data-dir` (node, its flags, bin/outpost.js). */
  command: string[]
  user: boolean
  runAs: string | null
  /** The daemon's environment on top of the service manager's (selfEnv() unless given). */
  env?: Record<string, string>
}

/**
 * The daemon as a hardened systemd service. Why each line:
 * - ProtectSystem=strict with ReadWritePaths for the data dir: the node writes nowhere else (its
 *   socket, logs to the journal, endpoints.json are all in the data dir or stderr).
 * - No PrivateDevices: printers on /dev/usb/lp0 or /dev/ttyUSB0 are devices (the account needs the
 *   lp or dialout group for them: SupplementaryGroups).
 * - RestrictAddressFamilies: the socket (AF_UNIX), the DHT and the endpoints (AF_INET, AF_INET6),
 *   and AF_NETLINK, through which Node lists the network interfaces (the DHT's and mDNS's address).
 * - Not MemoryDenyWriteExecute: V8's JIT writes and then runs machine code, and dies under it.
 * - MALLOC_ARENA_MAX=2: glibc reads it only at process start (daemon/memory.ts, DAEMON_ENV).
 * - Restart=on-failure: a daemon whose store failed exits 1 (E_STORAGE_FAILED) to be restarted.
 * - CacheDirectory: where Node 22 and later keep the program's compiled code between starts
 *   (bin/compile-cache.ts; /var/cache/NAME, or ~/.cache/NAME for --user), writable under
 *   ProtectSystem; the unit's /tmp is new at every start. One per unit: systemd gives the folder
 *   to the unit's User=, and code one account's node wrote must not run in another's.
 */
export function unitText(spec: UnitSpec): string {
  const exec = [...spec.command, '--data-dir', spec.dataDir, 'daemon'].map(quote).join(' ')
  const env = Object.entries(spec.env ?? selfEnv()).map(([k, v]) => `Environment=${quoteWords(`${k}=${v}`)}`)
  return [
    '[Unit]',
    `Description=Outpost node (data in ${escapePercent(spec.dataDir)})`,
    ...(spec.user ? [] : ['After=network-online.target', 'Wants=network-online.target']),
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${exec}`,
    ...env,
    ...(spec.runAs === null ? [] : [`User=${spec.runAs}`]),
    'Restart=on-failure',
    'RestartSec=2',
    'TimeoutStopSec=30',
    'UMask=0077',
    'NoNewPrivileges=yes',
    // the service's own private /tmp would hide a data dir or a program under /tmp (a checkout
    // tried there: the unit failed to start, found by a new-user trial)
    ...(tmpPaths(spec).length > 0 ? [`# no PrivateTmp: ${tmpPaths(spec).join(', ')} under /tmp`, 'PrivateTmp=no'] : ['PrivateTmp=yes']),
    'ProtectSystem=strict',
    'ProtectHome=read-only',
    `ReadWritePaths=${quote(spec.dataDir)}`,
    `CacheDirectory=${spec.name}`,
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectControlGroups=yes',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    '# not MemoryDenyWriteExecute=yes: V8 compiles JavaScript to machine code at run time',
    '',
    '[Install]',
    `WantedBy=${spec.user ? 'default.target' : 'multi-user.target'}`,
    '',
  ].join('\n')
}

/** What the unit names under /tmp or /var/tmp: the data dir, node, the script. */
function tmpPaths(spec: UnitSpec): string[] {
  const underTmp = (path: string) => ['/tmp', '/var/tmp'].some((t) => path === t || path.startsWith(t + '/'))
  return [
    ...(underTmp(spec.dataDir) ? ['the data dir'] : []),
    ...(spec.command.some((word) => word.startsWith('/') && underTmp(word)) ? ['the program'] : []),
  ]
}

/** A word of ExecStart or a path: quoted, with systemd's specifiers (%) escaped. */
function quote(word: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\s"'\\\x00-\x1f\x7f]/.test(word)) {
    throw new OutpostError('E_USAGE', `"${word}" has a space, quote or control character: a service unit cannot name it safely`)
  }
  return escapePercent(word)
}

/**
 * An assignment whose value may hold spaces (NODE_OPTIONS with two flags): each word checked as
 * quote() does, the whole in systemd's double quotes when there is more than one.
 */
function quoteWords(assignment: string): string {
  const words = assignment.split(' ').map(quote)
  return words.length > 1 ? `"${words.join(' ')}"` : words[0]!
}

function escapePercent(text: string): string {
  return text.replace(/%/g, '%%')
}

/** `outpost service install [--user] [--output FILE] [--name N] [--run-as USER]`. */
export async function serviceInstallCommand(globals: GlobalOptions, opts: ServiceFlags): Promise<number> {
  const config = resolveConfig({ dataDir: globals.dataDir, env: process.env })
  const name = opts.name ?? 'outpost'
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(name)) throw new OutpostError('E_USAGE', `"${name}" is not a unit name (letters, digits, _ . @ -)`)
  const user = opts.user === true
  const runAs = user ? null : (opts.runAs ?? process.env.SUDO_USER ?? userInfo().username)
  if (runAs !== null && !/^[a-z_][a-z0-9_-]{0,31}$/.test(runAs)) throw new OutpostError('E_USAGE', `"${runAs}" is not an account name`)
  const text = unitText({ name, dataDir: config.dataDir, command: selfCommand(), user, runAs })
  const configHome = xdgBase(process.env, 'XDG_CONFIG_HOME', '.config')
  const path = opts.output ?? (user ? join(configHome, 'systemd', 'user', `${name}.service`) : `/etc/systemd/system/${name}.service`)
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 }) // ReadWritePaths must exist for the unit to start
  await mkdir(dirname(path), { recursive: true })
  try {
    await writeFile(path, text, { mode: 0o644 })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') {
      throw new OutpostError('E_USAGE', `cannot write ${path}: run it with sudo, or use --user for a service of your own account`)
    }
    throw err
  }
  const ctl = user ? 'systemctl --user' : 'sudo systemctl'
  process.stdout.write(
    [
      `wrote ${path} (data in ${config.dataDir})`,
      `start it now and at every boot: ${ctl} daemon-reload && ${ctl} enable --now ${name}`,
      ...(user ? [`keep it running after you log out: sudo loginctl enable-linger ${userInfo().username}`] : []),
      `its log: journalctl ${user ? '--user ' : ''}-u ${name} -f`,
      '',
    ].join('\n'),
  )
  return 0
}
