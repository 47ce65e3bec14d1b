import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConflictRecord, Envelope, OperationDraft } from '../../../protocol/index.js'
import type { OutpostNode } from '../../../daemon/node.js'
import { offlineHost, type RejectionKind } from '../../../daemon/fold/context.js'
import { foldOperation, type FoldOutcome } from '../../../daemon/fold/fold-operation.js'
import { OverlayBatch } from '../../../daemon/view/overlay-batch.js'
import { ViewWriter } from '../../../daemon/view/view-writer.js'
import { InProcessSite } from '../../helpers/in-process-site.js'
import { buildFixture, type Fixture } from './fixture.js'

/**
 * Table-driven fold tests (issue #16): each row names a rejection reason of the fold, the state
 * before (operations folded on top of the shared fixture, see fixture.ts), the attempt that the
 * fold must reject with exactly that reason, and the nearest variant it must accept, so the row
 * proves the attempt was real and not refused for some other cause.
 *
 * The rows fold through `foldOperation` itself over an in-memory overlay of the fixture's view
 * (as the socket's dry run does), so every row starts from the same state and none writes to it.
 * `on: 'empty'` folds over an empty view instead (the site's first operations).
 */

/** One operation to fold: a draft stamped by `by` (default admin), or an envelope as it stands. */
export type Step = { draft: OperationDraft; by?: string; from?: string } | { envelope: (fx: Fixture) => unknown; from?: string }

export interface Row {
  /** The exact reason the fold gives (a function when it names something of the fixture). */
  reason: string | ((fx: Fixture) => string)
  /** Set when the reason alone does not tell rows apart. */
  name?: string
  kind?: RejectionKind
  given?: (fx: Fixture) => Step[]
  attempt: (fx: Fixture) => Step
  /** The nearest variant that the fold accepts: the attempt changed, or the state before it. */
  allowed: (fx: Fixture) => Step
  allowedGiven?: (fx: Fixture) => Step[]
  on?: 'fixture' | 'empty'
}

export const op = (type: string, payload: unknown, by = 'admin', from?: string): Step => ({
  draft: { type, payload },
  by,
  ...(from === undefined ? {} : { from }),
})

/** Fold `steps` in order over the fixture's view (or an empty one); nothing is written. */
export async function foldSteps(fx: Fixture, steps: Step[], on: Row['on'] = 'fixture'): Promise<FoldOutcome[]> {
  const node = fx.node
  const snapshot = node.base.view.snapshot()
  try {
    const view = await ViewWriter.open(new OverlayBatch(on === 'empty' ? null : snapshot))
    const host = offlineHost(on === 'empty' ? null : node.nodeKey)
    const outcomes: FoldOutcome[] = []
    for (const [i, step] of steps.entries()) {
      const from = step.from ?? node.nodeKey
      const envelope = 'envelope' in step ? step.envelope(fx) : stampAs(node, step.draft, step.by ?? 'admin', from)
      // each step is a log block of its own, after every block the node has folded
      outcomes.push(await foldOperation(view, envelope, { from, block: node.base.local.length + i, index: 0 }, host))
      await view.flushDeferred()
    }
    return outcomes
  } finally {
    await snapshot.close()
  }
}

export function stampAs(node: OutpostNode, draft: OperationDraft, by: string, from: string): Envelope {
  const [envelope] = node.stamp([draft], by)
  return { ...envelope!, node: from }
}

const describeOutcome = (o: FoldOutcome | undefined) =>
  o === undefined ? 'nothing' : o.status === 'rejected' ? `rejected: ${o.reason}` : o.status

/** The shared fixture, built once per file (a one-node site; see fixture.ts). */
export function useFixture(): () => Fixture {
  let site: InProcessSite | null = null
  let fx: Fixture | null = null
  beforeAll(async () => {
    site = await InProcessSite.create(1)
    fx = await buildFixture(site.nodes[0]!)
  }, 60_000)
  afterAll(async () => {
    await site?.close()
  })
  return () => fx!
}

export function foldTable(title: string, rows: Row[]): void {
  const fixture = useFixture()
  describe(title, () => {
    for (const row of rows) {
      it(row.name ?? String(row.reason), async () => {
        const fx = fixture()
        const given = row.given?.(fx) ?? []
        const before = row.allowedGiven?.(fx) ?? given
        // the state before is reachable: every operation of it is applied
        for (const steps of [given, before]) {
          const outcomes = await foldSteps(fx, steps, row.on)
          expect(outcomes.map(describeOutcome), 'the state before the attempt').toEqual(steps.map(() => 'applied'))
        }
        const refused = (await foldSteps(fx, [...given, row.attempt(fx)], row.on)).at(-1)
        expect(refused, 'the attempt').toEqual({
          status: 'rejected',
          reason: typeof row.reason === 'string' ? row.reason : row.reason(fx),
          kind: row.kind ?? 'conflict',
        })
        const accepted = (await foldSteps(fx, [...before, row.allowed(fx)], row.on)).at(-1)
        expect(describeOutcome(accepted), 'the nearest allowed variant').toBe('applied')
      })
    }
  })
}

/** A conflict of the fixture by what made it (its kind and the roll or balance it names). */
export function conflictOf(fx: Fixture, pickBy: (c: ConflictRecord) => boolean): string {
  const found = fx.conflicts.find(pickBy)
  if (found === undefined) throw new Error('the fixture has no such conflict')
  return found.id
}
