import { networkInterfaces } from 'node:os'

/**
 * The address other machines on the LAN reach this one at: the first IPv4 address of an interface
 * that is up and not loopback. A node bound to 0.0.0.0 told others to join with
 * `--direct 0.0.0.0:PORT` (issue #21), which reaches nobody. Null when the machine has no LAN.
 */
export function lanAddress(interfaces = networkInterfaces()): string | null {
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) return info.address
  }
  return null
}
