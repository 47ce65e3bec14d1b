import makeMdns from 'multicast-dns'
import type { Logger } from '../logger.js'

/** The mDNS service every Outpost node answers for; the SRV port is its site DHT node's. */
export const LAN_SERVICE = '_outpost._udp.local'

export interface LanOptions {
  /** This node's site node port, announced to the LAN; null when only looking (a joining node). */
  port: number | null
  logger: Logger
  /** Called with host:port of every other Outpost node heard on the LAN. */
  found: (address: string) => void
}

/**
 * LAN announcement: with no internet and no configured bootstrap, nodes on the same network find
 * each other's DHT nodes by multicast DNS, and bootstrap through them. It asks every 2 s for the
 * first 30 s and every 30 s after, and answers every question for the service.
 */
export class LanAnnouncer {
  private readonly mdns = makeMdns({ loopback: true, reuseAddr: true })
  private timer: NodeJS.Timeout | null = null
  private readonly seen = new Set<string>()

  constructor(private readonly opts: LanOptions) {
    this.mdns.on('query', (query: MdnsPacket) => {
      if (this.opts.port === null || !query.questions.some((q) => q.name === LAN_SERVICE)) return
      this.mdns.respond({
        answers: [{ name: LAN_SERVICE, type: 'SRV', ttl: 120, data: { port: this.opts.port, target: 'outpost.local' } }],
      })
    })
    this.mdns.on('response', (response: MdnsPacket, rinfo: { address: string }) => {
      for (const answer of response.answers) {
        if (answer.name !== LAN_SERVICE || answer.type !== 'SRV') continue
        const port = (answer.data as { port?: unknown }).port
        if (typeof port !== 'number' || port === this.opts.port) continue
        const address = `${rinfo.address}:${port}`
        if (this.seen.has(address)) continue
        this.seen.add(address)
        this.opts.logger.info({ address }, 'found a node on the LAN')
        this.opts.found(address)
      }
    })
    this.mdns.on('error', (err: Error) => this.opts.logger.warn({ err }, 'mDNS error'))
  }

  start(): void {
    const started = Date.now()
    const ask = () => {
      this.mdns.query({ questions: [{ name: LAN_SERVICE, type: 'SRV' }] })
      this.timer = setTimeout(ask, Date.now() - started < 30_000 ? 2000 : 30_000)
    }
    ask()
  }

  stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer)
    return new Promise((resolve) => this.mdns.destroy(() => resolve()))
  }
}

interface MdnsPacket {
  questions: Array<{ name: string; type: string }>
  answers: Array<{ name: string; type: string; data: unknown }>
}
