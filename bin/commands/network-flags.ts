import type { NetworkConfig } from '../../daemon/config.js'
import { parseHostPort } from '../../daemon/config.js'
import type { DaemonFlags } from '../outpost.js'

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
