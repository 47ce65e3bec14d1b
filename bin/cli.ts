import { exitCodeFor, visible } from './errors.js'
import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import { OutpostError } from '../protocol/index.js'
import { parsePort, parseScanGap, parseStyle, parseWait, withNetworkOptions, type DaemonFlags, type GlobalOptions } from './options.js'
import { outputTaken, releaseTerminal } from './terminal.js'
import { addKitchenCommands } from './kitchen-program.js'
import { addWebhooksCommands } from './webhooks-program.js'
import { registerOperations } from './commands/operations.js'
import { VERSIONS } from '../daemon/versions.js'

/**
 * The `outpost` command: parse flags, hand them to the command, map the outcome to an exit code
 * (0 ok, 1 refused or failed, 2 usage). Commands are imported only when they run, so
 * `outpost status` does not load React and `outpost` does not load the daemon's storage.
 */
const program = new Command('outpost')
  .description('Outpost: local-first operations for sites with bad or no network')
  .version(VERSIONS.outpost, '-V, --version', "this program's version (status also shows the protocol's and Node's)")
  .option('--data-dir <dir>', 'node data directory (also OUTPOST_DATA_DIR; default XDG data dir)')
  .option('--demo', 'open the demo site (data in ./.outpost-demo unless --data-dir)')
  .option(
    '--scan-gap <ms>',
    "how far apart a scanner's characters may arrive (default 50; also OUTPOST_SCAN_GAP_MS): raise it over a slow SSH link",
    (v) => parseScanGap(v),
  )
  .option(
    '--number-style <style>',
    'how numbers are written here: comma (1.234,5) or point (1,234.5). A site founded now gets it; the TUI reads quantities in it',
    (v) => parseStyle(v),
  )
  .option(
    '--scan-prefix <text>',
    'what this terminal\'s scanner sends before each code: "aim" (AIM ids such as ]C0) or e.g. ^B (also OUTPOST_SCAN_PREFIX)',
  )
  .option('--scan-suffix <text>', 'what it sends after each code (default Enter, \\r; also OUTPOST_SCAN_SUFFIX)')
  .exitOverride()
  .configureOutput({
    writeErr: (s) => process.stderr.write(visible(s)),
    // commander's refusals in the one form every error of outpost has, `outpost: what (E_CODE)`,
    // on one line with a typo's suggestion ("(Did you mean --station?)")
    outputError: (s, write) =>
      write(
        `outpost: ${s
          .replace(/^error: /, '')
          .trim()
          .replace(/\s*\n\s*/g, ' ')} (E_USAGE)\n`,
      ),
  })

// --demo names the demo's data dir for every command, not only the TUI: `outpost --demo status`
// went to the default data dir and said no daemon runs there
const globals = (): GlobalOptions => {
  const opts = program.opts<GlobalOptions>()
  return opts.dataDir === undefined && opts.demo === true ? { ...opts, dataDir: resolve('.outpost-demo') } : opts
}
let exitCode = 0

// `outpost` alone opens the TUI; `outpost WORD` with a WORD no command has is a usage error that
// names the commands there are (read from the program, so a command added later is listed too).
// Seen (issue #21): `outpost backup` said "too many arguments".
program.allowExcessArguments().action(async () => {
  const [word] = program.args
  if (word !== undefined) {
    const names = program.commands.map((c) => c.name()).filter((n) => n !== 'help')
    throw new OutpostError('E_USAGE', `unknown command '${word}'; the commands are: ${names.join(', ')} (outpost --help says more)`)
  }
  const { openTuiCommand } = await import('./commands/open-tui.js')
  exitCode = await openTuiCommand(globals())
})

withNetworkOptions(program.command('daemon'))
  .description('run the node in the foreground (what systemd runs)')
  .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
  .action(async (opts: DaemonFlags) => {
    const { daemonCommand } = await import('./commands/daemon.js')
    exitCode = await daemonCommand(globals(), opts)
  })

const pair = program.command('pair').description('pair nodes: a code on a site node, join on the new one')
pair
  .command('code')
  .description('print a one-time pairing code (valid 5 minutes) for a new node')
  .option('--as <person>', 'sign in as this manager (PIN from OUTPOST_PIN)')
  .option('--json', 'print JSON')
  .action(async (opts: { as?: string; json?: boolean }) => {
    const { pairCodeCommand } = await import('./commands/pair.js')
    exitCode = await pairCodeCommand(globals(), opts)
  })
withNetworkOptions(pair.command('join'))
  .description('join a site with a code from one of its nodes (on a fresh data dir, no daemon running)')
  .argument('<code...>', 'the code, like OUT-A7F3-9X2K (typed with a space, it is one code)')
  .option('--direct <host:port>', "the inviting node's DHT address, as its pair code shows it: no other DHT needed")
  .option('--name <name>', "what the site calls this node (default: the host name and 4 characters of the node's key)")
  .option('--wait <seconds>', 'how long to look for the inviting node (default 60)', (v) => parseWait(v))
  .action(async (code: string[], opts: DaemonFlags & { direct?: string; name?: string; wait?: number }) => {
    const { pairJoinCommand } = await import('./commands/pair.js')
    exitCode = await pairJoinCommand(globals(), code, opts)
  })
pair
  .command('requests')
  .description('join requests waiting for consent')
  .option('--as <person>', 'sign in as this manager (PIN from OUTPOST_PIN)')
  .option('--json', 'print JSON')
  .action(async (opts: { as?: string; json?: boolean }) => {
    const { pairRequestsCommand } = await import('./commands/pair.js')
    exitCode = await pairRequestsCommand(globals(), opts)
  })
for (const verdict of ['accept', 'deny'] as const) {
  pair
    .command(verdict)
    .description(verdict === 'accept' ? 'let a waiting node join' : 'refuse a waiting node')
    .argument('<id>', 'the request id (outpost pair requests)')
    .option('--as <person>', 'sign in as this manager (PIN from OUTPOST_PIN)')
    .action(async (id: string, opts: { as?: string }) => {
      const { pairVerdictCommand } = await import('./commands/pair.js')
      exitCode = await pairVerdictCommand(globals(), verdict, id, opts)
    })
}

const peers = program
  .command('peers')
  .description('the other nodes of the site: online/offline, last seen, address, operations behind')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const { peersCommand } = await import('./commands/peers.js')
    exitCode = await peersCommand(globals(), opts)
  })
peers
  .command('remove')
  .description('remove a node (lost or stolen): it stops being a writer and is refused')
  .argument('<node>', 'its key, the first 6+ characters of it, or its name')
  .option('--as <person>', 'sign in as this manager (PIN from OUTPOST_PIN)')
  .action(async (node: string, opts: { as?: string }) => {
    const { peersRemoveCommand } = await import('./commands/peers.js')
    exitCode = await peersRemoveCommand(globals(), node, opts)
  })

program
  .command('attach')
  .description('attach a file (a photo, a signed form; up to 8 MiB) to a record: a device, repair, roll, order...')
  .argument('<entity>', 'the record: a device code (DV-...), repair id (RP-...), roll, order or count')
  .argument('<file>', 'the file')
  .option('--name <name>', 'the name to list it under (default: the file name)')
  .option('--json', 'print JSON')
  .option('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .action(async (entity: string, file: string, opts: { as?: string; name?: string; json?: boolean }) => {
    const { attachCommand } = await import('./commands/attach.js')
    exitCode = await attachCommand(globals(), entity, file, opts)
  })
const attachments = program
  .command('attachments')
  .description("attachments: list a record's, open one (fetched from a peer if this node lacks it)")
attachments
  .command('list')
  .description("a record's attachments, and whether this node holds each one's bytes")
  .argument('<entity>', 'the record')
  .option('--json', 'print JSON')
  .option('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .action(async (entity: string, opts: { as?: string; json?: boolean }) => {
    const { attachmentsListCommand } = await import('./commands/attach.js')
    exitCode = await attachmentsListCommand(globals(), entity, opts)
  })
attachments
  .command('open')
  .description('write an attachment to a file')
  .argument('<id>', 'the attachment id (from `outpost attachments ENTITY`)')
  .argument('<out>', 'where to write it')
  .option('--timeout <seconds>', 'how long to wait for a peer that holds it', '30')
  .option('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .action(async (id: string, out: string, opts: { as?: string; timeout?: string }) => {
    const { attachmentsOpenCommand } = await import('./commands/attach.js')
    exitCode = await attachmentsOpenCommand(globals(), id, out, opts)
  })

program
  .command('history')
  .description(
    'every operation that touched a record (a roll, product, shelf, order, count, person, printer), newest first: who, when, where, whether it stood',
  )
  .argument('<record>', 'a code as scanned, an order or count id, a person, or kind/key (roll/R-1)')
  .option('--limit <n>', 'how many entries (default 100, at most 1000)')
  .option('--before <seq>', 'entries older than this one (the next page)')
  .option('--json', 'print JSON')
  .option('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .action(async (record: string, opts: { json?: boolean; as?: string; limit?: string; before?: string }) => {
    const { historyCommand } = await import('./commands/history.js')
    exitCode = await historyCommand(globals(), record, opts)
  })

program
  .command('rollback')
  .description(
    'bring a record back to its state right after one entry of its history (outpost history shows the #): shows the compensating operations; --apply appends them',
  )
  .argument('<record>', 'as for outpost history')
  .argument('<seq>', 'the history entry (#) whose state to return to')
  .option('--note <text>', 'why (kept with the rollback)')
  .option('--apply', 'append the operations (a manager; an approval)')
  .option('--json', 'print JSON')
  .option('--as <person>', 'sign in as this manager (PIN from OUTPOST_PIN)')
  .action(async (record: string, seq: string, opts: { json?: boolean; as?: string; note?: string; apply?: boolean }) => {
    const { rollbackCommand } = await import('./commands/history.js')
    exitCode = await rollbackCommand(globals(), record, seq, opts)
  })

program
  .command('import')
  .description('import catalog rows from a CSV file: good rows land, each bad row is reported as FILE:LINE: reason')
  .argument('<kind>', 'products, locations or partners')
  .argument('<file.csv>', 'the CSV file (header row; "," or ";")')
  .option('--json', 'print the report as JSON')
  .option('--encoding <name>', "the file's encoding when it is not UTF-8: windows-1254 (Turkish Windows), latin1, ...")
  .option('--as <person>', 'sign in as this manager (PIN from OUTPOST_PIN)')
  .action(async (kind: string, file: string, opts: { json?: boolean; as?: string; encoding?: string }) => {
    const { importCommand } = await import('./commands/import.js')
    exitCode = await importCommand(globals(), kind, file, opts)
  })

/** The usage line of a command that needs a signed-in person: --as shows, not only under Options. */
const usageAs = (args = ''): string => `--as <person> [options]${args === '' ? '' : ` ${args}`}`

const print = program.command('print').description('print jobs: queue, list, cancel, reprint; previews')
print
  .command('submit')
  .description('queue a document (a JSON file, - for stdin) on a printer anywhere in the site')
  .argument('<document.json>', 'the document: roll-label, location-label, kds-chit, pick-list or count-sheet')
  .requiredOption('--printer <id>', 'the printer (outpost print printers)')
  .option('--preview <out.png>', 'also write a PNG preview of it')
  .requiredOption('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .usage(usageAs('<document.json>'))
  .action(async (file: string, opts: { printer: string; preview?: string; as?: string }) => {
    const { printSubmitCommand } = await import('./commands/print.js')
    exitCode = await printSubmitCommand(globals(), file, opts)
  })
print
  .command('preview')
  .description('show a document as a printer would print it; no daemon needed')
  .argument('<document.json>', 'the document (- for stdin)')
  .option('--profile <id>', 'printer profile', 'escpos-80-tr')
  .option('--preview <out.png>', 'write a PNG preview')
  .action(async (file: string, opts: { profile: string; preview?: string }) => {
    const { printPreviewCommand } = await import('./commands/print.js')
    exitCode = await printPreviewCommand(file, opts)
  })
print
  .command('jobs')
  .description('print jobs, newest first')
  .option('--printer <id>', 'only this printer')
  .addOption(new Option('--state <state>', 'only jobs in this state').choices(['queued', 'printed', 'cancelled']))
  .option('--json', 'print JSON')
  .requiredOption('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .usage(usageAs())
  .action(async (opts: { printer?: string; state?: string; json?: boolean; as?: string }) => {
    const { printJobsCommand } = await import('./commands/print.js')
    exitCode = await printJobsCommand(globals(), opts)
  })
print
  .command('printers')
  .description("the site's printers; state and queue of those on this node")
  .option('--json', 'print JSON')
  .requiredOption('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .usage(usageAs())
  .action(async (opts: { json?: boolean; as?: string }) => {
    const { printPrintersCommand } = await import('./commands/print.js')
    exitCode = await printPrintersCommand(globals(), opts)
  })
print
  .command('cancel')
  .description('cancel a job that has not printed yet')
  .argument('<job>', 'the job id (outpost print jobs)')
  .requiredOption('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .usage(usageAs('<job>'))
  .action(async (job: string, opts: { as?: string }) => {
    const { printCancelCommand } = await import('./commands/print.js')
    exitCode = await printCancelCommand(globals(), job, opts)
  })
print
  .command('reprint')
  .description('print a job again (a new job)')
  .argument('<job>', 'the job id (outpost print jobs)')
  .option('--printer <id>', 'on another printer')
  .requiredOption('--as <person>', 'sign in as this person (PIN from OUTPOST_PIN)')
  .usage(usageAs('<job>'))
  .action(async (job: string, opts: { printer?: string; as?: string }) => {
    const { printReprintCommand } = await import('./commands/print.js')
    exitCode = await printReprintCommand(globals(), job, opts)
  })

program
  .command('printer-sim')
  .description('run a virtual ESC/POS printer on loopback (commands on stdin and on the control port)')
  .requiredOption('--port <tcp-port>', 'the raw printer port, like 9100 (0 = any)', (v) => parsePort(v))
  .option('--control-port <tcp-port>', 'where scripts send commands: paper out, power off, jobs ... (0 = any)', (v) => parsePort(v))
  .option('--journal <file>', 'append every job received to this file, one JSON line each')
  .option('--quiet', 'do not print jobs as they arrive')
  .action(async (opts: { port: number; controlPort?: number; journal?: string; quiet?: boolean }) => {
    const { printerSimCommand } = await import('./commands/printer-sim.js')
    exitCode = await printerSimCommand(opts)
  })

addWebhooksCommands(program, globals, (code) => (exitCode = code))
addKitchenCommands(program, globals, (code) => (exitCode = code))

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

registerOperations(program, globals, (code) => (exitCode = code))

// No top-level await: the single executable (docs/packaging.md) runs this file bundled as
// CommonJS, which has none (its entry bin/outpost.ts, which has one, is not in it). There,
// outpostReady is the TUI's layout engine (WebAssembly) loading.
void main()

async function main(): Promise<void> {
  await (globalThis as { outpostReady?: Promise<void> }).outpostReady
  try {
    await program.parseAsync(process.argv)
  } catch (err) {
    exitCode = exitCodeFor(err)
  }
  if (exitCode === 129) {
    // The TUI's terminal hung up (HANGUP_EXIT). Node's exit resets the terminal's mode, and on a
    // hung-up terminal that fails and aborts Node 20 (an assertion in ResetStdio, fixed only in
    // later Node releases); dying by SIGHUP itself, as a terminal program does, skips it.
    process.removeAllListeners('SIGHUP')
    process.kill(process.pid, 'SIGHUP')
  } else {
    releaseTerminal()
    await outputTaken()
    process.exit(exitCode)
  }
}
