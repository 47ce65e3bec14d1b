import type { SocketClient } from '../../client/socket-client.js'

/**
 * A small kitchen on a site, made through the socket as people would: stations grill and cold
 * (grill's chits on `printer` if given) and expo, a burger (1, grill) and a salad (2, cold),
 * the truck shift `lunch` checked in. The caller is signed in as a manager or admin.
 */
export async function setUpKitchen(client: SocketClient, opts: { printer?: string; burgers?: number } = {}): Promise<void> {
  await client.call('stations.set', { id: 'grill', name: 'Grill', printer: opts.printer ?? null })
  await client.call('stations.set', { id: 'cold', name: 'Cold' })
  await client.call('stations.set', { id: 'expo', name: 'Expo', kind: 'expo' })
  await client.call('menu.set', { id: 'burger', number: 1, name: 'Burger', category: 'mains', price: 1250, station: 'grill' })
  await client.call('menu.set', { id: 'salad', number: 2, name: 'Salad', category: 'starters', price: 700, station: 'cold' })
  await client.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1', id: 'lunch' })
  if (opts.burgers !== undefined) await client.call('menu.stock', { item: 'burger', portions: opts.burgers })
}
