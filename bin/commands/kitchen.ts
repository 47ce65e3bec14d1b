import { readFile, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import type { SocketClient } from '../../client/socket-client.js'
import { entered } from '../../protocol/entered-text.js'
import { OutpostError, StationId } from '../../protocol/index.js'
import { DEFAULT_KEYMAP, keymapOf } from '../../tui/keys/kitchen-keymap.js'
import { screenIdOf, type KitchenScreenConfig } from '../../tui/state/kitchen-screen.js'
import type { GlobalOptions } from '../options.js'
import { openTuiCommand } from './open-tui.js'

const KEYS_FILE_MAX_BYTES = 64 * 1024
/** stations.register's limit for a screen's name. */
const SCREEN_NAME_MAX = 40

export interface KitchenFlags {
  station: string[]
  name?: string
  warn?: number
  late?: number
  keys?: string
  printer?: string
}

/**
 * `outpost kitchen --station grill [--station cold]`: the TUI as a KDS screen. Signed in, it opens
 * on the board of those stations, registers itself with the site and beats while it runs. The
 * screen's own settings (name, ageing, bump-bar keys, chit printer) are flags and a keys file:
 * they belong to this screen and its bar, as the scanner's prefix belongs to its terminal.
 */
export async function kitchenCommand(globals: GlobalOptions, flags: KitchenFlags): Promise<number> {
  const kitchen = await kitchenScreenOf(flags)
  return openTuiCommand(globals, { kitchen, check: (client) => checkStations(client, kitchen.stations) })
}

/**
 * A station the site does not have is refused before the TUI asks anyone to sign in, naming the
 * stations it has: it was told only on the board, after the person had signed in (#17).
 */
export async function checkStations(client: SocketClient, wanted: readonly string[]): Promise<void> {
  const known = await client.call('stations.list', {})
  const missing = wanted.filter((id) => !known.some((s) => s.id === id))
  if (missing.length === 0) return
  const open = known.filter((s) => !s.retired).map((s) => s.id)
  const has = open.length === 0 ? 'it has none yet (a manager adds them)' : `its stations are ${open.join(', ')}`
  throw new OutpostError('E_NOT_FOUND', `this site has no station ${missing.join(', ')}: ${has}`)
}

export async function kitchenScreenOf(flags: KitchenFlags): Promise<KitchenScreenConfig> {
  // a station named twice is shown once, and names the screen once ("grill", not "grill+grill")
  const stations = [...new Set(flags.station)]
  if (stations.length === 0) throw new OutpostError('E_USAGE', 'name the stations this screen shows: --station grill [--station cold]')
  for (const station of stations)
    if (!StationId.safeParse(station).success)
      throw new OutpostError('E_USAGE', `--station ${station}: a station id is 1-24 lower-case letters, digits, . _ -`)
  const warn = flags.warn ?? 5
  const late = flags.late ?? 8
  if (late <= warn) throw new OutpostError('E_USAGE', `--late ${late} must come after --warn ${warn} (minutes)`)
  let keymap = DEFAULT_KEYMAP
  if (flags.keys !== undefined) {
    let json: unknown
    try {
      // a key map is a few hundred bytes: a big file is the wrong file, not one to read whole
      if ((await stat(flags.keys)).size > KEYS_FILE_MAX_BYTES)
        throw new Error(`bigger than ${KEYS_FILE_MAX_BYTES / 1024} KiB: not a key map`)
      json = JSON.parse(await readFile(flags.keys, 'utf8'))
    } catch (err) {
      throw new OutpostError('E_USAGE', `--keys ${flags.keys}: ${err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message}`)
    }
    const map = keymapOf(json)
    if (typeof map === 'string') throw new OutpostError('E_USAGE', `--keys ${flags.keys}: ${map}`)
    keymap = map
  }
  // a name given is the site's word for the screen, checked as the daemon will (not cut, not drawn
  // raw); the default is cut to fit, it was never typed
  if (flags.name !== undefined && !entered(SCREEN_NAME_MAX).safeParse(flags.name).success)
    throw new OutpostError('E_USAGE', `--name: 1-${SCREEN_NAME_MAX} characters, no control characters (${[...flags.name].length} given)`)
  const name = flags.name?.trim() ?? `${hostname()} ${stations.join('+')}`.slice(0, SCREEN_NAME_MAX)
  return {
    screen: screenIdOf(name),
    name,
    stations,
    ageing: { warn, late },
    keymap,
    printer: flags.printer ?? null,
  }
}
