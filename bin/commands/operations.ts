import type { Command } from 'commander'
import type { GlobalOptions } from '../options.js'
import type { ServiceFlags } from './service.js'

/**
 * The admin's commands (docs/operations.md): health, service install, backup, restore. Registered
 * here, so bin/cli.ts gains one line; each command's code is imported only when it runs.
 */
export function registerOperations(program: Command, globals: () => GlobalOptions, done: (code: number) => void): void {
  program
    .command('health')
    .description('exit 0 if the daemon of the data dir is ready (1 if not, with why); --alive: only that it runs')
    .option('--alive', 'only check that the daemon is alive (its health endpoint)')
    .option('--json', 'print the endpoint answer as JSON')
    .action(async (opts: { alive?: boolean; json?: boolean }) => {
      const { healthCommand } = await import('./health.js')
      done(await healthCommand(globals(), opts))
    })
  program
    .command('service')
    .description('the daemon as a systemd service')
    .command('install')
    .description('write a hardened systemd unit that runs the daemon for the data dir (system-wide; --user for your account)')
    .option('--user', 'a unit of your own account (~/.config/systemd/user), no root needed')
    .option('--output <file>', "write the unit here instead of systemd's folder")
    .option('--name <name>', 'the unit name (default outpost)')
    .option('--run-as <account>', 'the account a system unit runs as (default: yours, or SUDO_USER)')
    .action(async (opts: ServiceFlags) => {
      const { serviceInstallCommand } = await import('./service.js')
      done(await serviceInstallCommand(globals(), opts))
    })
  program
    .command('backup')
    .description('back up the running node into FILE, encrypted with a passphrase (admin; prompt, or OUTPOST_BACKUP_PASSPHRASE)')
    .argument('<file>', 'the backup file to write')
    .option('--as <person>', 'sign in as this admin (PIN from OUTPOST_PIN)')
    .action(async (file: string, opts: { as?: string }) => {
      const { backupCommand } = await import('./backup.js')
      done(await backupCommand(globals(), file, opts))
    })
  program
    .command('restore')
    .description(
      'restore a backup into an empty data dir: the same node, which first takes its own later log back from its peers; or, with --as-new-writer, a new node that replaces it',
    )
    .argument('<file>', 'the backup file')
    .argument('<dir>', 'the data dir to restore into (must be empty or absent)')
    .option('--no-peer-holds-more', "no peer holds more of this node's log than the backup: open without waiting for peers")
    .option('--as-new-writer', 'restore as a new node of the site (pair it next); accepting it removes the node of the backup')
    .action(async (file: string, dir: string, opts: { peerHoldsMore?: boolean; asNewWriter?: boolean }) => {
      const { restoreCommand } = await import('./backup.js')
      done(await restoreCommand(file, dir, { noPeerHoldsMore: opts.peerHoldsMore === false, asNewWriter: opts.asNewWriter === true }))
    })
}
