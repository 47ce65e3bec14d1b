import { InvalidArgumentError, Option, type Command } from 'commander'
import type { GlobalOptions } from './options.js'

/**
 * `outpost kitchen ...` (docs/kitchen.md, docs/kitchen-screens.md): without a subcommand it opens
 * the TUI as a KDS screen; `export` and `summary` read a shift. Kept apart from bin/cli.ts,
 * which registers it in one line; each command is imported only when it runs.
 */
export function addKitchenCommands(program: Command, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  const kitchen = program
    .command('kitchen')
    .description('open the TUI as a kitchen screen (KDS): signed in, it shows the board of its stations')
    .option('--station <id>', 'a station this screen shows (repeat: --station grill --station cold)', (v, all: string[]) => [...all, v], [])
    .option('--name <name>', 'what the site calls this screen (default: host name and stations)')
    .option('--warn <minutes>', 'a tile shows as ageing after this many minutes (default 5)', (v) => parseMinutes(v))
    .option('--late <minutes>', 'and as late after this many (default 8)', (v) => parseMinutes(v))
    .option('--keys <file.json>', 'the bump bar\'s keys: {"bumpTile": ["1",...,"9"], "recall": ["r"], ...} over the defaults')
    .option('--printer <id>', "the station printer that gets this screen's chits")
    .action(async (opts: { station: string[]; name?: string; warn?: number; late?: number; keys?: string; printer?: string }) => {
      const { kitchenCommand } = await import('./commands/kitchen.js')
      setExit(await kitchenCommand(globals(), opts))
    })
  // the kitchen's subcommands hang off `kitchen`; without one it opens the board
  kitchen
    .command('export')
    .description(
      "a shift's tickets (a row per item) and summary as two files, kitchen-SHIFT-tickets and kitchen-SHIFT-summary, CSV (formula cells neutralised) or JSON",
    )
    .option('--shift <id|name>', 'the shift, by id or by name as the Shifts screen shows it (default: the newest truck or place shift)')
    .option('--outside [day]', 'the tickets fired outside any shift on a day, YYYY-MM-DD (default today)')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'json']).default('csv'))
    .option('--out <dir>', 'the folder to write to (the TUI writes to the one it was started in)', '.')
    .option('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
    .action(async (opts: { shift?: string; outside?: string | true; format: 'csv' | 'json'; out: string; as?: string }) => {
      const { kitchenExportCommand } = await import('./commands/kitchen-data.js')
      setExit(await kitchenExportCommand(globals(), opts))
    })
  kitchen
    .command('summary')
    .description('a shift in numbers: tickets, items, revenue, prep time per station (average, p90), cancellations by reason')
    .option('--shift <id|name>', 'the shift, by id or by name as the Shifts screen shows it (default: the newest truck or place shift)')
    .option('--outside [day]', 'the tickets fired outside any shift on a day, YYYY-MM-DD (default today)')
    .option('--json', 'print JSON')
    .option('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
    .action(async (opts: { shift?: string; outside?: string | true; json?: boolean; as?: string }) => {
      const { kitchenSummaryCommand } = await import('./commands/kitchen-data.js')
      setExit(await kitchenSummaryCommand(globals(), opts))
    })
}

function parseMinutes(value: string): number {
  const n = Number(value)
  if (!/^\d{1,3}$/.test(value) || n < 1 || n > 480) throw new InvalidArgumentError('minutes are a whole number from 1 to 480')
  return n
}
