import type { LedgerEntry, Product, RollRecord, StockLocation } from '../../protocol/index.js'
import { LEDGER_COUNT_KEY, balanceKey, ledgerKey, locationKey, lotKey, partnerKey, productKey, rollKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { claimCode } from './catalog.js'
import { reject, type Handler } from './context.js'

export interface BalanceState {
  sku: string
  location: string
  lot: string
  milli: number
}

/** Append a ledger entry and move the balance it touches: balances are never written otherwise. */
export async function post(view: ViewWriter, entry: Omit<LedgerEntry, 'seq'>): Promise<void> {
  const seq = (await view.get<number>(LEDGER_COUNT_KEY)) ?? 0
  await view.putNew(ledgerKey(seq), { seq, ...entry })
  await view.put(LEDGER_COUNT_KEY, seq + 1)
  const key = balanceKey(entry.sku, entry.location, entry.lot)
  const balance = (await view.get<BalanceState>(key)) ?? { sku: entry.sku, location: entry.location, lot: entry.lot, milli: 0 }
  await view.put(key, { ...balance, milli: balance.milli + entry.milli })
}

/** Receive rolls of one lot into a location: every roll, its code, and an INCOMING_RECEIPT each, in one operation. */
export const stockReceive: Handler<'stock.receive'> = async ({ view, op }) => {
  const { sku, lot, location, supplier, rolls } = op.payload
  if ((await view.get<Product>(productKey(sku))) === null) reject(`no product ${sku}`)
  if ((await view.get<StockLocation>(locationKey(location))) === null) reject(`no location ${location}`)
  if (supplier !== null && (await view.get(partnerKey(supplier))) === null) reject(`no partner ${supplier}`)
  const codes = new Set(rolls.map((r) => r.code))
  if (codes.size !== rolls.length) reject('two rolls have the same code')
  if ((await view.get(lotKey(sku, lot))) === null) await view.put(lotKey(sku, lot), { sku, lot, supplier, firstReceived: op.hlc.t })
  for (const roll of rolls) {
    await claimCode(view, roll.code, { kind: 'roll', key: roll.code }, `roll ${roll.code}`)
    const record: RollRecord = { code: roll.code, sku, lot, location, milli: roll.milli, state: 'in-stock', receivedBy: op.person }
    await view.putNew(rollKey(roll.code), record)
    await post(view, {
      type: 'INCOMING_RECEIPT',
      sku,
      lot,
      location,
      roll: roll.code,
      milli: roll.milli,
      source: op.id,
      person: op.person,
      node: op.node,
      at: op.hlc.t,
    })
  }
}
