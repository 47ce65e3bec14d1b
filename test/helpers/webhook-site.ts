import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SocketClient } from '../../client/socket-client.js'
import { startDaemonProcess, tempDataDir, type DaemonProcess } from './daemon-process.js'

export const newSecret = (): string => 'whsec_' + randomBytes(32).toString('base64')

/** A site of one daemon in its own process, with a webhooks/integration config, signed in as its admin. */
export interface WebhookSite {
  dir: string
  daemon: DaemonProcess
  admin: SocketClient
  adminSecret: string
  /** Stop (or after a SIGKILL, just start) the daemon again on the same data dir. */
  restart(opts?: { kill?: boolean }): Promise<void>
  close(): Promise<void>
}

export async function startWebhookSite(config: Record<string, unknown>): Promise<WebhookSite> {
  const { dir, remove } = await tempDataDir('op-wh-')
  await writeFile(join(dir, 'config.json'), JSON.stringify({ syncWrites: true, network: { enabled: false }, ...config }))
  const args = ['--no-network']
  let daemon = await startDaemonProcess(dir, { args })
  const adminSecret = daemon.adminSecret!
  const signIn = async () => {
    const client = await daemon.connect()
    await client.call('session.signIn', { person: 'admin', pin: adminSecret })
    return client
  }
  const site: WebhookSite = {
    dir,
    daemon,
    admin: await signIn(),
    adminSecret,
    async restart(opts = {}) {
      site.admin.close()
      if (opts.kill === true) await daemon.kill()
      else await daemon.stop()
      daemon = await startDaemonProcess(dir, { args })
      site.daemon = daemon
      site.admin = await signIn()
    },
    async close() {
      site.admin.close()
      await daemon.stop()
      await remove()
    },
  }
  return site
}

/** Two products of one quality, a shelf, a customer, and rolls on the shelf. */
export async function stockRoom(admin: SocketClient, rolls = 4): Promise<string[]> {
  await admin.call('catalog.upsert', {
    products: [
      { sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: { quality: 'A', color: 'lacivert' } },
      { sku: 'POP-BK', name: 'Poplin siyah', unit: 'm', barcodes: [], attributes: { quality: 'A', color: 'siyah' } },
    ],
    locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }],
    partners: [{ code: 'CUS-1', name: 'Atlas Konfeksiyon', kind: 'customer' }],
  })
  const received = await admin.call('stock.receive', {
    product: 'POP-NV',
    lot: 'L1',
    location: 'A-01',
    quantity: '50',
    rolls,
    printer: null,
  })
  return received.rolls
}

/** An endpoint as the daemon wrote it down in webhooks.json: its cursor and retry state. */
export type StoredEndpoint = { id: string; cursor: number; retry: { event: string; attempt: number; nextAt: number } | null }
export const storedEndpoint = async (dir: string, id: string): Promise<StoredEndpoint | undefined> =>
  (JSON.parse(await readFile(join(dir, 'webhooks.json'), 'utf8')) as { endpoints: StoredEndpoint[] }).endpoints.find((e) => e.id === id)
/** The last event through for endpoint `id` as written down (-2: not written yet). */
export const storedCursor = async (dir: string, id: string): Promise<number> => (await storedEndpoint(dir, id))?.cursor ?? -2
