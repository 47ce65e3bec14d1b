import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { resolveConfig } from '../../daemon/config.js'
import { OutpostError } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'

/** What the daemon writes beside its socket once its HTTP endpoints listen (daemon/http-endpoints.ts). */
const Endpoints = z.object({ metrics: z.string(), health: z.string(), ready: z.string(), pid: z.number().int() })

/** How long the daemon may take to answer. */
const ANSWER_MS = 5000

/**
 * `outpost health [--alive] [--json]`: for scripts and monitors. Exit 0 when the data dir's daemon
 * is ready (alive with --alive), 1 when it is not, with one line saying why.
 */
export async function healthCommand(globals: GlobalOptions, opts: { alive?: boolean; json?: boolean }): Promise<number> {
  const config = resolveConfig({ dataDir: globals.dataDir, env: process.env })
  let text: string
  try {
    text = await readFile(join(config.dataDir, 'endpoints.json'), 'utf8')
  } catch {
    throw new OutpostError('E_NO_DAEMON', `no daemon runs for ${config.dataDir} (or its metrics are off: "metrics": {"enabled": false})`)
  }
  const parsed = Endpoints.safeParse(safeJson(text))
  if (!parsed.success) throw new OutpostError('E_NO_DAEMON', `${join(config.dataDir, 'endpoints.json')} is not what a daemon writes`)
  const url = opts.alive === true ? parsed.data.health : parsed.data.ready
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(ANSWER_MS) })
  } catch {
    throw new OutpostError('E_NO_DAEMON', `the daemon of ${config.dataDir} does not answer at ${url}: it is not running`)
  }
  const body = safeJson(await res.text()) as { reason?: unknown } | null
  if (opts.json === true) process.stdout.write(JSON.stringify({ status: res.status, ...(body ?? {}) }) + '\n')
  if (res.ok) {
    if (opts.json !== true) process.stdout.write(opts.alive === true ? 'alive\n' : 'ready\n')
    return 0
  }
  const reason = typeof body?.reason === 'string' ? body.reason : `HTTP ${res.status}`
  throw new OutpostError('E_NOT_READY', `not ready: ${reason}`)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
