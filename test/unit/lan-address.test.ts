import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { lanAddress } from '../../daemon/net/lan-address.js'

const info = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) => ({ address, family, internal }) as NetworkInterfaceInfo

describe('lanAddress: what a node bound to 0.0.0.0 tells others to join with', () => {
  it('the first IPv4 address that is not loopback', () => {
    expect(
      lanAddress({
        lo: [info('127.0.0.1', 'IPv4', true)],
        eth0: [info('fe80::1', 'IPv6', false), info('192.168.1.20', 'IPv4', false)],
      }),
    ).toBe('192.168.1.20')
  })
  it('none on a machine with loopback only', () => {
    expect(lanAddress({ lo: [info('127.0.0.1', 'IPv4', true)] })).toBeNull()
  })
})
