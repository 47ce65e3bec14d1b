import { planImport, sendImport } from '../../client/catalog-import.js'
import { resolveConfig } from '../../daemon/config.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

/** A progress bar on stderr (cli-progress), loaded only when one is drawn. */
async function progressBar(total: number): Promise<{ update(n: number): void; stop(): void }> {
  const { SingleBar, Presets } = (await import('cli-progress')).default
  const bar = new SingleBar(
    { format: 'importing [{bar}] {value}/{total} rows, {eta_formatted} left', stream: process.stderr, hideCursor: true },
    Presets.legacy,
  )
  bar.start(total, 0)
  return bar
}

/**
 * `outpost import products|locations|partners FILE.csv`: the file is read here, its good rows go
 * to the daemon in requests that fit its frame limit, and every bad row is reported as
 * FILE:LINE: reason. Exit 0 when every row landed, 1 when some were refused (the good ones landed
 * all the same) or the file was not the encoding it was read as (then nothing landed). The reading
 * and sending are client/catalog-import.ts, shared with the TUI's Import screen.
 */
export async function importCommand(
  globals: GlobalOptions,
  kind: string,
  file: string,
  opts: { as?: string; json?: boolean; encoding?: string },
): Promise<number> {
  const { maxFrameBytes } = resolveConfig({ dataDir: globals.dataDir, env: process.env })
  const plan = planImport(kind, file, { ...(opts.encoding === undefined ? {} : { encoding: opts.encoding }), maxFrameBytes })
  return withDaemon(globals, opts.as, async (client) => {
    // 5,000 products took 2.6 s and 100,000 about 19 s with no sign of life (issue #21): a bar on a
    // terminal when there is more than one request to make; scripts (no TTY, --json) get none
    const bar = plan.batches.length > 1 && process.stderr.isTTY && opts.json !== true ? await progressBar(plan.rows) : null
    let summary
    try {
      summary = await sendImport(
        (m, p) => client.call(m, p),
        plan,
        (sent) => bar?.update(sent),
      )
    } finally {
      bar?.stop()
    }
    if (opts.json === true) process.stdout.write(JSON.stringify(summary, null, 2) + '\n')
    else {
      process.stdout.write(`${file}: ${summary.added} added, ${summary.updated} updated, ${summary.bad.length} refused\n`)
      for (const problem of summary.bad) process.stderr.write(`${file}:${problem.line}: ${problem.reason}\n`)
    }
    return summary.bad.length === 0 ? 0 : 1
  })
}
