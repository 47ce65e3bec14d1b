import { z } from 'zod'
import { PairingRequestRecord } from './pairing.js'
import { Appended, Empty, HexKey, type MethodSpec, type OperationSpec } from './spec.js'

/** The site's nodes: writers, peers on the network, pairing and removal. */

export const WriterRecord = z.object({
  key: HexKey,
  name: z.string(),
  /** The node's key on the network (Noise): connections are admitted by it. */
  swarmKey: HexKey,
  removed: z.boolean(),
  addedBy: z.string(),
  /** Who removed it and when (their clock, ms): set by the fold of mesh.removeNode. */
  removedBy: z.string().optional(),
  removedAt: z.number().int().nonnegative().optional(),
})
export type WriterRecord = z.infer<typeof WriterRecord>

export const PeerRecord = z.object({
  key: HexKey,
  name: z.string(),
  online: z.boolean(),
  lastSeen: z.number().nullable(),
  address: z.string().nullable(),
  behind: z.number().int().nonnegative(),
  /** The peer's Outpost and protocol versions, from its heartbeat; null when offline or older than 0.1. */
  version: z.object({ outpost: z.string(), protocol: z.number().int() }).nullable().optional(),
})
export type PeerRecord = z.infer<typeof PeerRecord>

export const MESH_OPERATIONS = {
  'mesh.addNode': {
    v: 1,
    allowed: ['manager'],
    payload: z.object({ key: HexKey, name: z.string().min(1).max(80), swarmKey: HexKey }),
  },
  'mesh.removeNode': {
    v: 1,
    allowed: ['manager'],
    approval: true,
    payload: z.object({ key: HexKey }),
  },
} as const satisfies Record<string, OperationSpec>

export const MESH_METHODS = {
  'mesh.nodes': { summary: "the site's writer nodes", access: 'anyone', params: Empty, result: z.array(WriterRecord) },
  'mesh.pairCode': {
    summary: 'make a one-time pairing code (valid 5 minutes) for a new node to join',
    access: ['manager'],
    params: Empty,
    result: z.object({ code: z.string(), expiresAt: z.number().int() }),
  },
  'mesh.pairRequests': {
    summary: 'join requests waiting for consent',
    access: ['manager'],
    params: Empty,
    result: z.array(PairingRequestRecord),
  },
  'mesh.pairAccept': {
    summary: 'let a waiting node join: it becomes a writer of the site',
    access: ['manager'],
    params: z.object({ id: z.string().min(1).max(64) }).strict(),
    result: z.object({ writerKey: z.string() }),
  },
  'mesh.pairDeny': {
    summary: 'refuse a waiting node',
    access: ['manager'],
    params: z.object({ id: z.string().min(1).max(64) }).strict(),
    result: Empty,
  },
  'mesh.peers': {
    summary: 'the other nodes: online, last seen, address, operations behind',
    access: 'public',
    params: Empty,
    result: z.array(PeerRecord),
  },
  'mesh.removeNode': {
    summary: 'remove a node (lost or stolen): it stops being a writer and is refused',
    access: ['manager'],
    params: z.object({ node: z.string().min(1).max(80) }).strict(),
    result: Appended,
  },
} as const satisfies Record<string, MethodSpec>

/** Events the daemon pushes to subscribed connections about pairing (the TUI's consent prompt). */
export const MESH_EVENTS = {
  /** A node with a valid code asks to join: show "NAME wants to join — Accept / Deny". */
  'mesh.pairRequested': PairingRequestRecord,
  /** A request was accepted, denied or expired: take the prompt down. */
  'mesh.pairSettled': z.object({ id: z.string(), outcome: z.enum(['accepted', 'denied', 'expired']) }),
} as const
