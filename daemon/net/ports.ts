import { createSocket } from 'node:dgram'

/**
 * Two consecutive UDP ports free right now on loopback (a node's site DHT node and its swarm's,
 * see dht.ts). Tests and benchmarks give each node its own pair and keep it across restarts, as
 * a real node keeps its configured port.
 */
export async function freeUdpPortPair(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const first = createSocket('udp4')
    await new Promise<void>((resolve) => first.bind(0, host, resolve))
    const { port } = first.address()
    const second = createSocket('udp4')
    const ok = await new Promise<boolean>((resolve) => {
      second.once('error', () => resolve(false))
      second.bind(port + 1, host, () => resolve(true))
    })
    await new Promise<void>((resolve) => first.close(() => resolve()))
    if (ok) await new Promise<void>((resolve) => second.close(() => resolve()))
    if (ok && port < 65535) return port
  }
}
