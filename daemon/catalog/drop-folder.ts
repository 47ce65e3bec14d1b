import { mkdir, readFile, readdir, rename, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { OutpostError } from '../../protocol/index.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import { IMPORT_KINDS, readCatalogCsv, type RowProblem } from './csv-rows.js'
import { badBytesReason, decodeCsv } from './csv-text.js'
import { importRecords } from './import.js'
import { writeFileDurably } from '../json-file.js'

export interface DropFolderConfig {
  path: string
  /** The manager the imports are made as (the audit trail names them). */
  person: string
  pollMs: number
  /** What the files are written in (csv-text.ts): a file that is not is refused whole, to failed/. */
  encoding: string
}

/**
 * A folder an ERP exports CSV files into. Polled rather than watched: polling works the same on a
 * USB stick, a network share and a Pi's SD card, and a file is taken only once its size and time
 * have stayed the same for one poll (so a file still being written is left alone).
 * The kind comes from the name: products*.csv, locations*.csv, partners*.csv. Each file is moved
 * to done/ (rows landed; any bad ones listed in its report) or failed/ (nothing landed), with a
 * report beside it: NAME.report.txt.
 */
export class DropFolder {
  private timer: NodeJS.Timeout | null = null
  private readonly seen = new Map<string, string>()
  private running: Promise<void> | null = null

  constructor(
    private readonly node: OutpostNode,
    private readonly config: DropFolderConfig,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    for (const dir of ['', 'done', 'failed']) await mkdir(join(this.config.path, dir), { recursive: true })
    this.timer = setInterval(() => {
      this.running ??= this.poll()
        .catch((err: unknown) => this.logger.error({ err }, 'drop folder poll failed'))
        .finally(() => (this.running = null))
    }, this.config.pollMs)
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer)
    await this.running
  }

  private async poll(): Promise<void> {
    const names = (await readdir(this.config.path)).filter((n) => n.toLowerCase().endsWith('.csv'))
    for (const name of names) {
      const path = join(this.config.path, name)
      const info = await stat(path).catch(() => null)
      if (info === null || !info.isFile()) continue
      const signature = `${info.size}:${info.mtimeMs}`
      if (this.seen.get(name) !== signature) {
        this.seen.set(name, signature) // first sight, or still growing: look again next poll
        continue
      }
      this.seen.delete(name)
      await this.take(name, path)
    }
  }

  private async take(name: string, path: string): Promise<void> {
    const kind = IMPORT_KINDS.find((k) => name.toLowerCase().startsWith(k))
    let added = 0
    let updated = 0
    let bad: RowProblem[]
    if (kind === undefined) bad = [{ line: 0, reason: `the name must start with ${IMPORT_KINDS.join(', ')}` }]
    else {
      try {
        const text = decodeCsv(await readFile(path), this.config.encoding)
        if (typeof text !== 'string') {
          bad = [{ line: text.line, reason: badBytesReason(text, this.config.encoding, 'set dropFolder.encoding in config.json') }]
        } else {
          const read = readCatalogCsv(kind, text)
          const outcome = await importRecords(this.node, kind, name, read.rows, this.config.person)
          ;({ added, updated } = outcome)
          bad = [...read.bad, ...outcome.bad].sort((a, b) => a.line - b.line)
        }
      } catch (err) {
        if (err instanceof OutpostError && err.code === 'E_STORAGE_FULL') {
          // nothing was imported: leave the file where it is, to be taken once there is room
          this.logger.warn({ file: name, err: err.message }, 'drop folder import waits for disk space')
          return
        }
        bad = [{ line: 0, reason: (err as Error).message }]
      }
    }
    const landed = added + updated > 0
    const target = join(this.config.path, landed ? 'done' : 'failed', basename(name))
    await rename(path, target)
    const report =
      [`${name}: ${added} added, ${updated} updated, ${bad.length} refused`, ...bad.map((b) => `${name}:${b.line}: ${b.reason}`)].join(
        '\n',
      ) + '\n'
    // whole or not at all: a script (or a test) that sees the report never reads half of it
    await writeFileDurably(`${target}.report.txt`, report)
    this.logger.info({ file: name, added, updated, refused: bad.length, moved: landed ? 'done' : 'failed' }, 'drop folder import')
  }
}
