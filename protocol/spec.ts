import { z } from 'zod'
import type { Permission } from './roles.js'

/**
 * What every capability module (protocol/people.ts, picking.ts, ...) declares its operations and
 * methods with, and `combine`, which the central tables (OPERATIONS, METHODS, EVENTS) are made
 * of: adding a capability adds its module and one line to each table.
 */

/** A node's writer key (and a site's key): 32 bytes as lower-case hex. */
export const HexKey = z.string().regex(/^[0-9a-f]{64}$/, 'a key is 64 hex characters')

/** A slow hash of a PIN (scrypt, see daemon/people/pin-hash.ts). Never a PIN in clear. */
export const PinHash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}$/)

export interface OperationSpec {
  v: number
  /**
   * genesis: only as the site's first operations; node: made by the node itself, never by a
   * person (a printer it drives); self-or-admin / author-or-manager: see fold.
   */
  allowed: Permission | 'genesis' | 'node' | 'self-or-admin' | 'author-or-manager'
  payload: z.ZodType
  /**
   * An approval (SPEC: count variances, conflicts, adding or removing a node need a manager).
   * Where a node's config asks for two factors, it needs a sign-in with badge plus PIN.
   */
  approval?: true
}

/** `public`: no sign-in needed; otherwise the permission of the signed-in person. */
export type MethodAccess = 'public' | Permission

export interface MethodSpec {
  summary: string
  access: MethodAccess
  params: z.ZodType
  result: z.ZodType
}

export const Empty = z.object({}).strict()
/** What a method that appends answers: the ids of the operations it appended. */
export const Appended = z.object({ ids: z.array(z.string()) })

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never

/**
 * The central table made of each capability's own: a name two capabilities declare is refused
 * when the module loads (a spread would let the later one win without a word).
 */
export function combine<T extends Array<Record<string, unknown>>>(what: string, ...tables: T): UnionToIntersection<T[number]> {
  const out: Record<string, unknown> = {}
  for (const part of tables) {
    for (const [name, spec] of Object.entries(part)) {
      if (Object.hasOwn(out, name)) throw new Error(`${what} ${name} is declared by two capabilities`)
      out[name] = spec
    }
  }
  return out as UnionToIntersection<T[number]>
}
