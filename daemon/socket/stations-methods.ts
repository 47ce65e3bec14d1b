import {
  BEAT_LOG_EVERY_MS,
  LOGGED_DOWN_AFTER_MS,
  OutpostError,
  SCREEN_DOWN_AFTER_MS,
  type STATIONS_METHODS,
  type ScreenRecord,
} from '../../protocol/index.js'
import type { OutpostNode } from '../node.js'
import { stationKey } from '../view/keys.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { editOf } from './field-edits.js'
import { submit } from './submit.js'

/**
 * Heartbeats of the KDS screens talking to this node, in memory: a beat every few seconds as an
 * operation would grow the log forever. For the other nodes, one beat in BEAT_LOG_EVERY_MS is
 * logged (stations.beat): a manager elsewhere sees the screen up, to within those minutes.
 */
const beats = new WeakMap<OutpostNode, Map<string, number>>()
function beatsOf(node: OutpostNode): Map<string, number> {
  let map = beats.get(node)
  if (map === undefined) beats.set(node, (map = new Map<string, number>()))
  return map
}

const same = (a: ScreenRecord, b: Omit<ScreenRecord, 'registeredBy' | 'at'>): boolean =>
  a.name === b.name &&
  a.node === b.node &&
  a.printer === b.printer &&
  a.ageing.warn === b.ageing.warn &&
  a.ageing.late === b.ageing.late &&
  a.stations.join(',') === b.stations.join(',')

/** Beats being logged now, per node: parallel heartbeats log one. */
const logging = new WeakMap<OutpostNode, Set<string>>()

/** Log this node's screen's beat when the last logged one is BEAT_LOG_EVERY_MS old. */
async function logBeat(ctx: MethodContext, screen: ScreenRecord, at: number): Promise<void> {
  if (screen.node !== ctx.node.nodeKey || at - (screen.beat ?? screen.at) < BEAT_LOG_EVERY_MS) return
  let busy = logging.get(ctx.node)
  if (busy === undefined) logging.set(ctx.node, (busy = new Set()))
  if (busy.has(screen.id)) return
  busy.add(screen.id)
  try {
    await submit(ctx, [{ type: 'stations.beat', payload: { screen: screen.id } }])
  } finally {
    busy.delete(screen.id)
  }
}

export const STATIONS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof STATIONS_METHODS> = {
  // field-level merge: the fields that differ from the record here, with the values this node saw
  'stations.set': async (payload, ctx) => {
    const edit = await editOf(ctx.node, stationKey(payload.id), payload)
    if (edit === null) return { ids: [] }
    return submit(ctx, [{ type: 'stations.set', payload: { ...payload, edit, source: ctx.node.source } }])
  },
  'stations.list': (_p, { node }) => node.read.stations.stations(),
  'stations.register': async (payload, ctx) => {
    const { node } = ctx
    for (const s of payload.stations)
      if ((await node.read.stations.station(s)) === null) throw new OutpostError('E_NOT_FOUND', `no kitchen station ${s} (stations.list)`)
    const before = await node.read.stations.screen(payload.screen)
    beatsOf(node).set(payload.screen, node.now())
    // a screen registers at every start: the log gets an entry only when what it says changed
    if (before !== null && same(before, { id: payload.screen, ...payload, node: node.nodeKey })) return { ids: [], screen: before }
    const { ids } = await submit(ctx, [{ type: 'stations.register', payload }])
    const screen = await node.read.stations.screen(payload.screen)
    if (screen === null) throw new OutpostError('E_INTERNAL', `screen ${payload.screen} was not registered`)
    return { ids, screen }
  },
  'stations.heartbeat': async ({ screen }, ctx) => {
    const { node } = ctx
    const record = await node.read.stations.screen(screen)
    if (record === null) throw new OutpostError('E_NOT_FOUND', `no screen ${screen}: register it first (stations.register)`)
    const at = node.now()
    beatsOf(node).set(screen, at)
    await logBeat(ctx, record, at)
    return { at }
  },
  'stations.screens': async (_p, { node }) => {
    const now = node.now()
    const seen = beatsOf(node)
    return (await node.read.stations.screens()).map((s) => {
      if (s.node === node.nodeKey) {
        const lastSeen = seen.get(s.id) ?? null
        return { ...s, lastSeen, up: lastSeen !== null && now - lastSeen <= SCREEN_DOWN_AFTER_MS }
      }
      const lastSeen = s.beat ?? null
      return { ...s, lastSeen, up: lastSeen === null ? null : now - lastSeen <= LOGGED_DOWN_AFTER_MS }
    })
  },
}
