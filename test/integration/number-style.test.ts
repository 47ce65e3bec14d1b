import { afterEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { runCli } from '../helpers/cli.js'
import { LOOPBACK, signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'

/**
 * A site's number style, from founding to the socket, in real daemon processes: "1.234 kg" is
 * 1.234 kg on an English style site, 1234 kg on a Turkish one, and refused where the site has
 * no style. Seen before sites had one: 1234 kg everywhere, 1000 times too much for an English site.
 */
const running: Array<{ daemon: DaemonProcess; client: SocketClient; remove: () => Promise<void> }> = []
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.client.close()
    await r.daemon.stop()
    await r.remove()
  }
})

/** Found a site in a new data dir with these flags and this environment, signed in as its admin. */
async function found(args: string[], env: NodeJS.ProcessEnv): Promise<{ daemon: DaemonProcess; client: SocketClient }> {
  const tmp = await tempDataDir()
  // LC_ALL and LC_NUMERIC win over LANG: clear them, so only what the test sets counts
  const daemon = await startDaemonProcess(tmp.dir, {
    args: [...LOOPBACK, ...args],
    env: { LC_ALL: '', LC_NUMERIC: '', LANG: 'C.UTF-8', ...env },
  })
  const client = await signedIn(daemon, 'admin', daemon.adminSecret!)
  running.push({ daemon, client, remove: tmp.remove })
  return { daemon, client }
}

const parse = (client: SocketClient, text: string) => client.call('quantity.parse', { text, unit: 'kg' })
function refusal(client: SocketClient, method: string, params: unknown): Promise<Error & { code?: string }> {
  return client.callRaw(method, params).then(
    () => {
      throw new Error(`${method} ${JSON.stringify(params)} was not refused`)
    },
    (err: Error) => err,
  )
}

describe('the number style a site is founded with', () => {
  it('English (--number-style point): "1.234 kg" is 1.234 kg, "1,234 kg" is 1234 kg', { timeout: 60_000 }, async () => {
    const { client } = await found(['--number-style', 'point'], { LANG: 'tr_TR.UTF-8' }) // the flag wins over the locale
    expect((await client.call('system.status')).site.numberStyle).toBe('point')
    expect(await parse(client, '1.234 kg')).toEqual({ milli: 1_234, unit: 'kg', shown: '1.234 kg', style: 'point' })
    expect(await parse(client, '1,234 kg')).toMatchObject({ milli: 1_234_000, shown: '1,234 kg' })
    expect(await parse(client, '1.000,50')).toMatchObject({ milli: 1_000_500 }) // both marks: read by position
  })

  it('Turkish, from the system locale (LANG=tr_TR.UTF-8): "1.234 kg" is 1234 kg', { timeout: 60_000 }, async () => {
    const { daemon, client } = await found([], { LANG: 'tr_TR.UTF-8' })
    expect((await client.call('system.status')).site.numberStyle).toBe('comma')
    expect((await runCli(['--data-dir', daemon.dataDir, 'status'])).stdout).toMatch(/^numbers {3}1\.234,5 \(comma\)$/m)
    expect(await parse(client, '1.234 kg')).toEqual({ milli: 1_234_000, unit: 'kg', shown: '1.234 kg', style: 'comma' })
    expect(await parse(client, '1,234 kg')).toMatchObject({ milli: 1_234, shown: '1,234 kg' })
    expect(await parse(client, '10,5')).toMatchObject({ milli: 10_500, shown: '10,5 kg' })
  })

  it('no style (C locale, no flag): "1.234 kg" is refused with both readings, the rest reads as before', { timeout: 60_000 }, async () => {
    const { daemon, client } = await found([], {})
    expect((await client.call('system.status')).site.numberStyle).toBeNull()
    expect((await runCli(['--data-dir', daemon.dataDir, 'status'])).stdout).toMatch(
      /^numbers {3}no style set: 1\.234 and 1,234 are refused/m,
    )
    const err = await refusal(client, 'quantity.parse', { text: '1.234 kg', unit: 'kg' })
    expect(err.message).toMatch(/^"1\.234 kg" could be 1234 or 1 and 234 thousandths: this site has no number style/)
    expect(err.message).not.toContain('\n')
    expect(err.code).toBe('E_AMBIGUOUS_QUANTITY')
    expect(await parse(client, '1.000,50')).toMatchObject({ milli: 1_000_500 })
    expect(await parse(client, '1,000.50')).toMatchObject({ milli: 1_000_500 })
    expect(await parse(client, '10,5')).toMatchObject({ milli: 10_500 })
    // a caller that knows how its person types (a terminal with its own style) says so
    expect(await client.call('quantity.parse', { text: '1.234 kg', unit: 'kg', style: 'comma' })).toMatchObject({ milli: 1_234_000 })

    // an admin sets the style later, and it counts at once
    await client.call('site.setNumberStyle', { style: 'point' })
    expect((await client.call('system.status')).site.numberStyle).toBe('point')
    expect(await parse(client, '1.234 kg')).toMatchObject({ milli: 1_234, style: 'point' })
  })

  it('setting the style: admins only, and only a style', { timeout: 60_000 }, async () => {
    const { daemon, client } = await found(['--number-style', 'comma'], {})
    await client.call('people.add', { id: 'mia', name: 'Mia', role: 'manager', pin: '1111' })
    const manager = await signedIn(daemon, 'mia', '1111')
    try {
      expect((await refusal(manager, 'site.setNumberStyle', { style: 'point' })).code).toBe('E_FORBIDDEN')
    } finally {
      manager.close()
    }
    for (const params of [
      { style: 'english' },
      { style: null },
      {},
      { style: 'point', extra: 1 },
      { style: ['point'] },
      { style: '__proto__' },
    ]) {
      expect((await refusal(client, 'site.setNumberStyle', params)).code, JSON.stringify(params)).toBe('E_INVALID_PARAMS')
    }
    for (const params of [
      { text: '1', unit: 'kg', style: 'tr' },
      { text: '1', unit: 'kg', style: 1 },
    ]) {
      expect((await refusal(client, 'quantity.parse', params)).code, JSON.stringify(params)).toBe('E_INVALID_PARAMS')
    }
    expect((await client.call('system.status')).site.numberStyle).toBe('comma')
  })
})
