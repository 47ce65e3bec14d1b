import {
  OutpostError,
  WebhookEventType,
  type DeadLetter,
  type EndpointView,
  type MethodName,
  type ParamsOf,
  type WebhooksStatus,
} from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

/** `outpost webhooks ...`: each a socket method (webhooks.*) on this node's outbox. */

type As = { as?: string }

export function webhooksListCommand(globals: GlobalOptions, opts: { json?: boolean } & As): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const list = await client.call('webhooks.list')
    process.stdout.write(opts.json === true ? JSON.stringify(list, null, 2) + '\n' : formatWebhooks(list.status, list.endpoints))
    return 0
  })
}

export function formatWebhooks(status: WebhooksStatus, endpoints: EndpointView[]): string {
  const lines = [senderLine(status)]
  if (endpoints.length === 0) lines.push('no endpoints (outpost webhooks add URL --events ...)')
  for (const e of endpoints) {
    const state =
      e.disabled !== null
        ? `DISABLED: ${e.disabled}`
        : e.retrying !== null
          ? `retrying ${e.retrying.event} (try ${e.retrying.attempt + 1}: ${e.retrying.last})`
          : 'ok'
    lines.push(`${e.id.padEnd(8)} ${e.url}`)
    lines.push(`         ${e.events.join(', ')}`)
    lines.push(
      `         ${e.pending} pending, ${e.dead} dead, cursor ${e.cursor}, ${state}${e.rotatingUntil !== null ? `, two secrets until ${new Date(e.rotatingUntil).toISOString()}` : ''}${e.source === 'config' ? ' (config.json)' : ''}`,
    )
  }
  return lines.join('\n') + '\n'
}

export function senderLine(s: WebhooksStatus): string {
  if (s.sender === null) return 'sender    none: no node has webhooks.send in its config, nothing is sent'
  if (!s.here) return `sender    ${elsewhere(s, s.sender)}`
  return `sender    this node; ${s.events} events, ${s.behind ?? 0} behind, ${s.dead ?? 0} dead letters`
}

/**
 * The sender is another node: which, and what this node knows of it. Its cursor is in its own
 * webhooks.json, so its backlog is not known here; while it is away nothing is sent and nothing
 * is lost (docs/integration.md, "When the sending node is away").
 */
function elsewhere(s: WebhooksStatus, sender: string, now = Date.now()): string {
  const peer = s.senderPeer ?? null
  const who = `node ${peer === null ? '' : `${peer.name} `}${sender.slice(0, 12)}… (not this one)`
  const here = `${s.events} events in the log here`
  if (peer === null) return `${who}; not met on the mesh yet; ${here}`
  if (peer.online) return `${who}, online${peer.behind > 0 ? `, ${peer.behind} of its blocks not here yet` : ''}; ${here}`
  const seen = peer.lastSeen === null ? 'never heard from' : `last heard ${ago(now - peer.lastSeen)} ago`
  return `${who}, AWAY (${seen}): nothing is sent until it is back, then it catches up in order; nothing is lost; ${here}`
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`
}

export function webhooksAddCommand(
  globals: GlobalOptions,
  url: string,
  opts: { events: string; id?: string; fromFirst?: boolean } & As,
): Promise<number> {
  const events = opts.events
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
  for (const e of events) {
    if (!WebhookEventType.safeParse(e).success)
      throw new OutpostError('E_USAGE', `unknown event type ${e}: ${WebhookEventType.options.join(', ')}`)
  }
  return withDaemon(globals, opts.as, async (client) => {
    const added = await client.call('webhooks.add', {
      url,
      events: events as WebhookEventType[],
      ...(opts.id === undefined ? {} : { id: opts.id }),
      from: opts.fromFirst === true ? 'first' : 'next',
    })
    process.stdout.write(`added ${added.id}; its secret (shown once, give it to the receiver): ${added.secret}\n`)
    return 0
  })
}

export function webhooksRotateCommand(globals: GlobalOptions, id: string, opts: { overlap: string } & As): Promise<number> {
  const overlapHours = Number(opts.overlap)
  if (!Number.isFinite(overlapHours) || overlapHours < 0) throw new OutpostError('E_USAGE', '--overlap is hours, 0 or more')
  return withDaemon(globals, opts.as, async (client) => {
    const r = await client.call('webhooks.rotateSecret', { id, overlapHours })
    process.stdout.write(`${id}: new secret ${r.secret}\nboth secrets sign until ${new Date(r.rotatingUntil).toISOString()}\n`)
    return 0
  })
}

export function webhooksCallCommand<M extends MethodName>(
  globals: GlobalOptions,
  method: M,
  params: ParamsOf<M>,
  done: string,
  opts: As,
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    await client.call(method, params)
    process.stdout.write(done + '\n')
    return 0
  })
}

export function webhooksDeadCommand(globals: GlobalOptions, opts: { endpoint?: string; json?: boolean } & As): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const dead = await client.call('webhooks.dead', opts.endpoint === undefined ? {} : { endpoint: opts.endpoint })
    process.stdout.write(opts.json === true ? JSON.stringify(dead, null, 2) + '\n' : formatDead(dead))
    return 0
  })
}

export function formatDead(dead: DeadLetter[]): string {
  if (dead.length === 0) return 'no dead letters\n'
  return dead.map((d) => `${d.id}  ${d.endpoint}  ${d.type}  event ${d.seq}  ${d.attempts} tries  ${d.last}`).join('\n') + '\n'
}

export function webhooksRetryCommand(globals: GlobalOptions, id: string | undefined, opts: { endpoint?: string } & As): Promise<number> {
  if (id === undefined && opts.endpoint === undefined)
    throw new OutpostError('E_USAGE', 'name a dead letter (its webhook-id) or --endpoint ID')
  return withDaemon(globals, opts.as, async (client) => {
    const r = await client.call('webhooks.retry', {
      ...(id === undefined ? {} : { id }),
      ...(opts.endpoint === undefined ? {} : { endpoint: opts.endpoint }),
    })
    process.stdout.write(`${r.retried} dead letter${r.retried === 1 ? '' : 's'} queued to send again\n`)
    return 0
  })
}
