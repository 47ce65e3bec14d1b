import type { Command } from 'commander'
import type { GlobalOptions } from '../outpost.js'

/**
 * The admin's commands (docs/operations.md): health, service install, backup, restore. Registered
 * here, so bin/outpost.ts gains one line; each command's code is imported only when it runs.
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
}
