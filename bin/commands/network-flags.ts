import type { NetworkConfig } from '../../daemon/config.js'
import { parseHostPort } from '../../daemon/config.js'
import type { DaemonFlags } from '../options.js'

/** The demo site stays on this machine and takes any free port: its daemon's network flags. */
export const DEMO_NETWORK = { host: '127.0.0.1', port: 0 } as const

/** Network flags as overrides of the config file's network section. */
export function networkFlags(flags: DaemonFlags): Partial<NetworkConfig> {
  for (const address of flags.bootstrap ?? []) parseHostPort(address) // refuse a bad address before starting
  return {
    host: flags.host,
    port: flags.port,
    bootstrap: flags.bootstrap,
    publicDht: flags.publicDht,
    enabled: flags.network === false ? false : undefined,
    lan: flags.lan,
  }
}

/**
 * The same flags as words of a command line, for a command to print (`pair join`'s "start the
 * node with"): kept beside networkFlags so that a new flag is added to both. A list given twice
 * (commander joins a repeated variadic option) is said once.
 */
export function networkArgs(flags: DaemonFlags): string[] {
  return [
    ...(flags.host !== undefined ? ['--host', flags.host] : []),
    ...(flags.port !== undefined ? ['--port', String(flags.port)] : []),
    ...(flags.bootstrap !== undefined ? ['--bootstrap', ...new Set(flags.bootstrap)] : []),
    ...(flags.publicDht === true ? ['--public-dht'] : []),
    ...(flags.network === false ? ['--no-network'] : []),
    ...(flags.lan === true ? ['--lan'] : []),
  ]
}
