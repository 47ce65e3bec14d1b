import { OutpostError, type MethodName } from '../../protocol/index.js'
import type { Mesh } from '../net/mesh.js'

/**
 * What the socket answers while the daemon's services still open. The socket listens as soon as
 * the node is open (a restart's status and first scan do not wait for HyperDHT and the rest:
 * ~50-150 ms of it), and the mesh, printing, the webhook outbox and the integration open right
 * after. These methods read only the node, and answer at once; every other method waits until
 * the services are open, so none sees a service missing that is only late (a pairing code
 * refused as "networking is off", a receive without its labels because no printer was there
 * yet). A method added later waits too unless it is put here.
 *
 * system.status answers with what is open: until the mesh is, its network part reads as
 * offline and its peers as none, and a view.changed follows when the services are open.
 */
export const ANSWERED_WHILE_STARTING: ReadonlySet<MethodName> = new Set<MethodName>([
  'system.status',
  'view.subscribe',
  'session.signIn',
  'session.signOut',
  'session.whoami',
  'scan.resolve',
  'quantity.parse',
  'audit.list',
  'mesh.nodes',
])

export interface OpenServices {
  /** The node on the network; null when networking is off in the config. */
  mesh: Mesh | null
}

/** The daemon's services as the socket sees them: opening, open, or failed to open. */
export class ServicesGate {
  private open: OpenServices | null = null
  private readonly opening: Promise<OpenServices>
  private settle!: { resolve: (services: OpenServices) => void; reject: (err: Error) => void }

  constructor() {
    this.opening = new Promise<OpenServices>((resolve, reject) => (this.settle = { resolve, reject }))
    this.opening.catch(() => undefined) // met by the calls that wait, if any
  }

  /** A gate whose services are open already (a socket opened after them, as the tests' daemons do). */
  static opened(services: OpenServices): ServicesGate {
    const gate = new ServicesGate()
    gate.opened(services)
    return gate
  }

  opened(services: OpenServices): void {
    this.open = services
    this.settle.resolve(services)
  }

  /** The services did not open: the daemon stops, and the calls that waited say why. */
  failed(err: unknown): void {
    const why = err instanceof Error ? err.message : String(err)
    this.settle.reject(new OutpostError('E_NOT_READY', `the daemon did not start: ${why}`))
  }

  /** Resolves when the services are open; rejects when they failed to. */
  whenOpen(): Promise<OpenServices> {
    return this.opening
  }

  /** The services, at once for a method that reads only the node, or once they are open. */
  async for(method: MethodName): Promise<OpenServices | null> {
    if (this.open !== null) return this.open
    if (ANSWERED_WHILE_STARTING.has(method)) return null
    return this.opening
  }
}
