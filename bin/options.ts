import { InvalidArgumentError, type Command } from 'commander'
import { parseNumberStyle, type NumberStyle } from '../protocol/index.js'
import { SCAN_GAP_RULE, scanGapOf } from './scan-gap.js'

/** The options every command takes, before the command's name (`outpost --demo status`). */
export interface GlobalOptions {
  dataDir?: string
  demo?: boolean
  scanGap?: number
  scanPrefix?: string
  scanSuffix?: string
  numberStyle?: NumberStyle
}

/** The daemon's flags, and the network flags `pair join` takes too. */
export interface DaemonFlags {
  logLevel?: string
  host?: string
  port?: number
  bootstrap?: string[]
  publicDht?: boolean
  network?: boolean
  lan?: boolean
}

/** Network options: they live in the node's config file and can be given as flags. */
export function withNetworkOptions(command: Command): Command {
  return command
    .option('--host <address>', 'address the DHT node binds to (0.0.0.0 for the LAN, 127.0.0.1 for this machine)')
    .option('--port <udp-port>', "the UDP port of this node's DHT node, the site bootstrap (0 = any)", (v) => parsePort(v))
    .option('--bootstrap <host:port...>', 'other site nodes to bootstrap from')
    .option('--public-dht', 'also use the public HyperDHT bootstrap nodes (off by default)')
    .option('--no-network', 'run without any networking')
    .option('--lan', 'announce and find site nodes on the LAN (multicast DNS)')
}

export function parseScanGap(value: string): number {
  const ms = scanGapOf(value)
  if (ms === null) throw new InvalidArgumentError(SCAN_GAP_RULE)
  return ms
}

export function parseStyle(value: string): NumberStyle {
  const style = parseNumberStyle(value)
  if (style === null) throw new InvalidArgumentError('a number style is comma (1.234,5) or point (1,234.5)')
  return style
}

export function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535')
  return port
}

/** `pair join --wait`: whole seconds, up to an hour (a code is good for 5 minutes). */
export function parseWait(value: string): number {
  const seconds = Number(value)
  if (!/^\d+$/.test(value.trim()) || seconds < 1 || seconds > 3600) {
    throw new InvalidArgumentError('a wait is a whole number of seconds from 1 to 3600')
  }
  return seconds
}
