import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import type { RollRecord } from '../../protocol/index.js'
import { useCodeEntry } from '../components/code-entry.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useQuantities } from '../hooks/use-quantities.js'
import { useScanQueue } from '../hooks/use-scan-queue.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

/** Move's own commands, beside the shared ones. */
const Moving = { drop: 'drop', clear: 'clear' } as const

const BINDINGS = [
  { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
  { command: Moving.drop, keys: ['x'], label: 'x', help: 'take the last scanned roll off the list' },
  { command: Moving.clear, keys: ['c'], label: 'c', help: 'clear the list (nothing moves)' },
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu (the list is dropped; nothing moves)' },
] satisfies readonly Binding[]

/** A roll on the list: what it is and where the records put it. */
type Carried = Pick<RollRecord, 'code' | 'sku' | 'lot' | 'location' | 'milli' | 'order'> & { name: string }

/**
 * Move rolls to another shelf: scan the rolls (they gather on a list), then the shelf they go to.
 * The shelf's scan moves them all, one `stock.move` each; a roll that cannot move (picked, gone,
 * lost) is refused at its scan, before anything moves.
 */
export function StockMoveScreen(props: ScreenProps) {
  const client = useClient()
  const [list, setList] = useState<Carried[]>([])
  // the scan queue answers one scan at a time; it reads the list through a ref so a burst of scans sees each other's rolls
  const current = useRef<Carried[]>([])
  const [message, setMessage] = useState<Outcome | null>(null)
  const update = (next: Carried[]) => {
    current.current = next
    setList(next)
  }

  const scans = useScanQueue(async (code) => {
    setMessage(null)
    const found = await client.call('scan.resolve', { code })
    if (found.kind === 'roll') {
      const r = found.roll
      if (r.state === 'picked') throw new Error(`roll ${r.code} was picked for order ${r.order}: it is off the shelf`)
      if (r.state === 'gone') throw new Error(`roll ${r.code} left already${r.order === null ? '' : `, with order ${r.order}`}`)
      if (r.state === 'lost') throw new Error(`roll ${r.code} is recorded as lost by a count`)
      if (current.current.some((c) => c.code === r.code)) return `${r.code} is on the list already`
      update([...current.current, { ...r, name: found.product.name }])
      return `${r.code} on the list (${current.current.length}); scan more rolls, or the shelf they go to`
    }
    if (found.kind === 'location') {
      const rolls = current.current
      if (rolls.length === 0) throw new Error(`scan the rolls first, then the shelf they go to (${found.location.code})`)
      const moved = await client.call('stock.move', { rolls: rolls.map((r) => r.code), to: found.location.code })
      update([])
      return `moved ${moved.moved.length} roll${moved.moved.length === 1 ? '' : 's'} to ${moved.to}`
    }
    if (found.kind === 'unknown') throw new Error(`${code} is not a roll or a shelf of this site`)
    throw new Error(`${code} is a ${found.kind}: scan rolls, then the shelf they go to`)
  })
  const entry = useCodeEntry(scans.push, { isActive: true })

  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (command === Command.back) props.back()
      else if (command === Moving.drop && current.current.length > 0) {
        const last = current.current.at(-1)!
        update(current.current.slice(0, -1))
        setMessage({ error: false, text: `${last.code} taken off the list` })
      } else if (command === Moving.clear && current.current.length > 0) {
        update([])
        setMessage({ error: false, text: 'list cleared; nothing moved' })
      } else return false
      return true
    },
    { isActive: !entry.open },
  )

  const numbers = useQuantities(list.map((r) => r.sku))
  const room = Math.max(2, props.rows - 9)
  const shown = list.slice(-room)
  const codeWidth = Math.max(8, ...list.map((r) => r.code.length))
  // the name is the only column cut, so codes, lots and shelves stay whole
  const nameWidth = Math.max(4, props.width - 2 - codeWidth - 30)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Move rolls</Text>
      <Text>{list.length === 0 ? 'Scan the rolls to move.' : 'Scan more rolls, or the shelf they go to.'}</Text>
      <Box flexDirection="column" marginY={1}>
        {list.length > shown.length && <Text {...tone('muted')}>{`  … ${list.length - shown.length} more above`}</Text>}
        {shown.map((r) => (
          <Text key={r.code}>
            {`  ${r.code.padEnd(codeWidth)} ${cut(r.name, nameWidth).padEnd(nameWidth)} ${r.lot.padEnd(8)} ${r.location.padEnd(8)} ${numbers.show(r.milli, r.sku).padStart(10)}${r.order === null ? '' : ` held ${r.order}`}`}
          </Text>
        ))}
      </Box>
      <Text>{`${list.length} roll${list.length === 1 ? '' : 's'} on the list`}</Text>
      {message === null && scans.last !== null && (
        <Text {...tone(scans.last.ok ? 'ok' : 'error')}>{`${scans.last.ok ? '✓' : '✗'} ${scans.last.text}`}</Text>
      )}
      <OutcomeLine outcome={message} />
      {entry.view}
    </Box>
  )
}

/** A description cut to `width` with an ellipsis; codes are never cut. */
function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`
}

export const stockMoveScreen: ScreenEntry = {
  id: 'stock-move',
  label: 'Move rolls',
  // as Receive: the daemon refuses a kitchen person's move (a picker's operation); menus by role are the screen habits' part of #21
  roles: ['picker'], // stock.move is a picker's (and up): a kitchen hand is not offered it
  inMenu: true,
  bindings: BINDINGS,
  component: StockMoveScreen,
}
