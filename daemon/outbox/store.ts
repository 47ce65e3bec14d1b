import { z } from 'zod'
import { DeadLetter, EndpointId, WebhookEventType, WebhookSecret } from '../../protocol/index.js'
import { readJsonFile, writeJsonFile } from '../json-file.js'
import type { EndpointConfig } from './config.js'

/**
 * The outbox's state on the sending node (webhooks.json in the data dir, owner-only): the
 * endpoints added from the CLI with their secrets, and for every endpoint its cursor, the
 * products it was told are low, and its dead letters. Written whole, synced, renamed over
 * (json-file.ts) after each acknowledgement and each failed try: a restart resumes after the
 * last one acknowledged, and a message being retried goes on at its place in the schedule.
 */

const StoredSecret = z.object({ secret: WebhookSecret, until: z.number().int().nullable() })
const StoredEndpoint = z.object({
  id: EndpointId,
  url: z.string(),
  events: z.array(WebhookEventType),
  source: z.enum(['config', 'cli']),
  secrets: z.array(StoredSecret),
  disabled: z.string().nullable(),
  /** The last event through (acknowledged or dead-lettered), by its seq in fold order. */
  cursor: z.number().int(),
  /** Products this endpoint was told are low (stock.low once per fall below the threshold). */
  low: z.array(z.string()),
  /**
   * The message being retried: its webhook-id, the try due next (1 is the second), when (ms) and
   * why the last failed. Kept so a restart goes on with the schedule where it was, instead of
   * trying at once and starting the schedule again (a 20 h wait stays a 20 h wait).
   */
  retry: z
    .object({ event: z.string(), attempt: z.number().int().min(1), nextAt: z.number().int(), last: z.string() })
    .nullable()
    .default(null),
})
export type StoredEndpoint = z.infer<typeof StoredEndpoint>

const StoredDead = DeadLetter.extend({ body: z.string(), queued: z.boolean() })
export type StoredDead = z.infer<typeof StoredDead>

const StoreFile = z.object({ endpoints: z.array(StoredEndpoint), dead: z.array(StoredDead) })
type StoreFile = z.infer<typeof StoreFile>

/** Dead letters kept, all endpoints together; the oldest go first beyond it. */
export const MAX_DEAD_LETTERS = 10_000

export class OutboxStore {
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly path: string,
    readonly endpoints: StoredEndpoint[],
    readonly dead: StoredDead[],
  ) {}

  /**
   * Read the file and lay the config's endpoints over it: a config endpoint's URL, events and
   * secrets come from the config, its cursor and dead letters from the file. `start` is where a
   * new endpoint begins (the last event's seq for `next`).
   */
  static async open(path: string, configured: readonly EndpointConfig[], start: (from: 'next' | 'first') => number): Promise<OutboxStore> {
    const file: StoreFile = (await readJsonFile(path, StoreFile)) ?? { endpoints: [], dead: [] }
    const endpoints = file.endpoints.filter((e) => e.source === 'cli' && !configured.some((c) => c.id === e.id))
    for (const c of configured) {
      const kept = file.endpoints.find((e) => e.id === c.id)
      endpoints.push({
        id: c.id,
        url: c.url,
        events: c.events as StoredEndpoint['events'],
        source: 'config',
        secrets: c.secrets.map((secret) => ({ secret, until: null })),
        disabled: kept?.disabled ?? null,
        cursor: kept?.cursor ?? start(c.from),
        low: kept?.low ?? [],
        retry: kept?.retry ?? null,
      })
    }
    const ids = new Set(endpoints.map((e) => e.id))
    return new OutboxStore(
      path,
      endpoints,
      file.dead.filter((d) => ids.has(d.endpoint)),
    )
  }

  endpoint(id: string): StoredEndpoint | undefined {
    return this.endpoints.find((e) => e.id === id)
  }

  addDead(letter: StoredDead): void {
    this.dead.push(letter)
    if (this.dead.length > MAX_DEAD_LETTERS) this.dead.splice(0, this.dead.length - MAX_DEAD_LETTERS)
  }

  /** Write the state; writes run one after another, each with everything changed before it. */
  save(): Promise<void> {
    const next = this.writing.then(() => writeJsonFile(this.path, { endpoints: this.endpoints, dead: this.dead }))
    this.writing = next.catch(() => undefined)
    return next
  }
}
