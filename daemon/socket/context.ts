import type { MethodName, ParsedParamsOf, PersonRecord, ResultOf } from '../../protocol/index.js'
import type { Mesh } from '../net/mesh.js'
import type { OutpostNode } from '../node.js'
import type { SignInGuard } from '../people/sign-in-guard.js'

/** What a method sees of its connection. */
export interface MethodContext {
  node: OutpostNode
  /** The node on the network; null when networking is off in the config. */
  mesh: Mesh | null
  guard: SignInGuard
  /** The signed-in person, checked against the view for this request (null if nobody). */
  person: PersonRecord | null
  /** Whether that sign-in had the person's badge as well as the PIN (two factors). */
  badged: boolean
  signIn(person: PersonRecord, badged: boolean): void
  signOut(): void
  subscribe(): void
}

export type Implementation<M extends MethodName> = (params: ParsedParamsOf<M>, ctx: MethodContext) => Promise<ResultOf<M>>
/** A capability's socket methods: one for each method its protocol module declares. */
export type ImplementationsOf<Methods> = { [M in keyof Methods & MethodName]: Implementation<M> }
