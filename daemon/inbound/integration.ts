import { randomBytes } from 'node:crypto'
import type { AvailabilityAnswer } from '../../protocol/index.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import type { IntegrationConfig } from '../outbox/config.js'
import { hashPin } from '../people/pin-hash.js'
import type { InboundReport } from '../status-board.js'
import { availability, type AvailabilityQuery } from './availability.js'
import { InboundServer } from './server.js'

/**
 * The ERP/CRM's way in (docs/integration.md): the inbound HTTP endpoint when the config gives it
 * secrets, and the availability the CRM is shown (also over the socket). Inbound webhooks act as
 * a person of their own with the role `integration`, whom this node adds to the site if missing,
 * so the audit trail says what came from outside.
 */
export class Integration implements InboundReport {
  private server: InboundServer | null = null

  constructor(
    private readonly node: OutpostNode,
    private readonly config: Readonly<IntegrationConfig>,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    const inbound = this.config.inbound
    if (inbound !== null) {
      await this.ensurePerson(inbound.person)
      this.server = new InboundServer(this.node, inbound, this.config.availability, this.logger)
      await this.server.listen()
      this.logger.info({ address: this.server.address() }, 'inbound webhooks listening')
    }
    this.node.board.reportInbound(this)
  }

  address(): string | null {
    return this.server?.address() ?? null
  }

  availability(query: AvailabilityQuery): Promise<AvailabilityAnswer> {
    return availability(this.node.read, this.config.availability, query)
  }

  /** The integration's person: no PIN anyone knows (a random one, hashed), so nobody signs in as it. */
  private async ensurePerson(id: string): Promise<void> {
    const person = await this.node.read.people.person(id)
    if (person !== null) {
      if (person.role !== 'integration' || !person.active)
        this.logger.warn(
          { person: id },
          'the integration person is not an active person of role integration: inbound webhooks will be refused',
        )
      return
    }
    if (!this.node.base.writable) return
    const pinHash = await hashPin(randomBytes(6).readUIntBE(0, 6).toString().slice(0, 8).padStart(8, '0'))
    await this.node.submit([{ type: 'people.add', payload: { id, name: 'ERP/CRM integration', role: 'integration', pinHash } }], '@system')
  }

  async close(): Promise<void> {
    this.node.board.reportInbound(null)
    await this.server?.close()
  }
}
