import type { CatalogMatch, Partner, ScanResolution } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'

type Finder = Pick<SocketClient, 'call'>

/** A code, or what a name found: one thing (resolved), several (matches, to choose from), or nothing. */
export type Found = { resolved: ScanResolution } | { matches: CatalogMatch[]; text: string }

/** How many matches a screen lists for a name: a screenful, and the daemon stops looking there. */
export const FIND_LIMIT = 10

/**
 * Find by code or by name, case-insensitively, the one way every scanning screen does: a code
 * first (the daemon also tries it in upper and lower case: `pop-120-nv`), then, for what is no
 * code of the site, products and locations whose name, code or attributes hold the text
 * ("Poplin"). One match stands for the thing itself; several are listed to choose from.
 */
export async function resolveOrFind(client: Finder, text: string): Promise<Found> {
  const code = text.trim()
  const resolved = await client.call('scan.resolve', { code })
  if (resolved.kind !== 'unknown' || code.length < 2) return { resolved }
  const matches = await client.call('catalog.find', { text: code, limit: FIND_LIMIT })
  const only = matches.length === 1 ? matches[0]! : null
  if (only?.kind === 'product') return { resolved: { kind: 'product', code: only.product.sku, product: only.product } }
  if (only?.kind === 'location') return { resolved: { kind: 'location', code: only.location.code, location: only.location } }
  return matches.length === 0 ? { resolved } : { matches, text: code }
}

/** A match as one line: code first (whole), then the name. */
export function matchLine(m: CatalogMatch): string {
  return m.kind === 'product' ? `${m.product.sku}  ${m.product.name}` : `${m.location.code}  shelf ${m.location.rack}-${m.location.bin}`
}

/** The code a match stands for (what a scan of its label would have sent). */
export function matchCode(m: CatalogMatch): string {
  return m.kind === 'product' ? m.product.sku : m.location.code
}

/** "Poplin matches 3: POP-120-NV Poplin navy, ..." as one line, for screens that only say it. */
export function matchesLine(found: { matches: CatalogMatch[]; text: string }): string {
  const n = found.matches.length
  return `"${found.text}" matches ${n >= FIND_LIMIT ? `${n} or more` : n}: ${found.matches.map(matchCode).join(', ')} (scan or type one)`
}

/**
 * A customer or supplier by name or code, case-insensitively ("moda" finds Atölye Moda), the one
 * way every screen that asks for one does (orders, the repair bench's intake). An exact name or
 * code, or the only match, stands; none or several is an error in words that says what to type.
 */
export async function findPartner(client: Finder, typed: string): Promise<Partner> {
  const text = typed.trim()
  const found = await client.call('catalog.partners', { text, limit: FIND_LIMIT })
  const exact = found.find((p) => p.code.toLowerCase() === text.toLowerCase() || p.name.toLowerCase() === text.toLowerCase())
  const one = exact ?? (found.length === 1 ? found[0]! : null)
  if (one !== null) return one
  throw new Error(
    found.length === 0
      ? `no customer or supplier called "${text}" (or with that code)`
      : `"${text}" matches ${found.length}: ${found.map((p) => `${p.name} (${p.code})`).join(', ')}; type more`,
  )
}
