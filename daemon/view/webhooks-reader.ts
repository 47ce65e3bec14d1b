import type Hyperbee from 'hyperbee'
import { EVENT_COUNT_KEY, WEBHOOK_SENDER_KEY, webhookReceivedKey } from './keys.js'
import { getValue } from './read.js'

/** What the view knows of the webhooks: the sending node, the event count, inbound ids applied. */
export class WebhooksReader {
  constructor(private readonly bee: Hyperbee) {}

  async sender(): Promise<string | null> {
    return (await getValue<{ node: string }>(this.bee, WEBHOOK_SENDER_KEY))?.node ?? null
  }

  async eventCount(): Promise<number> {
    return (await getValue<number>(this.bee, EVENT_COUNT_KEY)) ?? 0
  }

  async received(id: string): Promise<boolean> {
    return (await getValue(this.bee, webhookReceivedKey(id))) !== null
  }
}
