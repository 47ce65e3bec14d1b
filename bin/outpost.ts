#!/usr/bin/env -S node --max-semi-space-size=1
// The shebang's flag: the daemon lives for months beside other programs on a Raspberry Pi, and a
// 1 MB young generation (V8's default is 16 MB) keeps ~8 MB less resident for a little more GC.
// It cannot be set from inside a running process, so spawners pass DAEMON_NODE_FLAGS too.
import { Command, CommanderError, Option } from 'commander'
import { OutpostError } from '../protocol/index.js'

/**
 * The `outpost` command: parse flags, hand them to the command, map the outcome to an exit code
 * (0 ok, 1 refused or failed, 2 usage). Commands are imported only when they run, so
 * `outpost status` does not load React and `outpost` does not load the daemon's storage.
 */
export interface GlobalOptions {
  dataDir?: string
  demo?: boolean
}

const program = new Command('outpost')
  .description('Outpost: local-first operations for sites with bad or no network')
  .option('--data-dir <dir>', 'node data directory (also OUTPOST_DATA_DIR; default XDG data dir)')
  .option('--demo', 'open the demo site (data in ./.outpost-demo unless --data-dir)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })

const globals = (): GlobalOptions => program.opts<GlobalOptions>()
let exitCode = 0

program.action(async () => {
  const { openTuiCommand } = await import('./commands/open-tui.js')
  exitCode = await openTuiCommand(globals())
})

program
  .command('daemon')
  .description('run the node in the foreground (what systemd runs)')
  .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
  .action(async (opts: { logLevel?: string }) => {
    const { daemonCommand } = await import('./commands/daemon.js')
    exitCode = await daemonCommand(globals(), opts)
  })

program
  .command('status')
  .description('node key, site, writers, peers, view hash, queue sizes, versions')
  .option('--json', 'print JSON for scripts')
  .action(async (opts: { json?: boolean }) => {
    const { statusCommand } = await import('./commands/status.js')
    exitCode = await statusCommand(globals(), opts)
  })

program
  .command('rpc')
  .description('call one socket method and print its JSON result; --list shows every method')
  .argument('[method]', 'method name, e.g. system.status')
  .argument('[json]', 'parameters as a JSON object')
  .option('--list', 'list every socket method with its parameter schema')
  .option('--as <person>', 'sign in as this person first (PIN from OUTPOST_PIN)')
  .action(async (method: string | undefined, json: string | undefined, opts: { list?: boolean; as?: string }) => {
    const { rpcCommand } = await import('./commands/rpc.js')
    exitCode = await rpcCommand(globals(), method, json, opts)
  })

try {
  await program.parseAsync(process.argv)
} catch (err) {
  exitCode = exitCodeFor(err)
}
process.exit(exitCode)

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version are not failures; everything else commander refuses is a usage error
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2
  }
  if (err instanceof OutpostError) {
    process.stderr.write(`outpost: ${err.message} (${err.code})\n`)
    return err.code === 'E_USAGE' ? 2 : 1
  }
  process.stderr.write(`outpost: ${err instanceof Error ? err.message : String(err)}\n`)
  return 1
}
