import { Box, Text } from 'ink'
import { useState } from 'react'
import type { AuditEntry } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer entry' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older entry' },
  { command: Command.pageDown, keys: [{ name: 'pagedown' }, ' '], label: 'PgDn/Space', help: 'older page' },
  { command: Command.pageUp, keys: [{ name: 'pageup' }], label: 'PgUp', help: 'newer page' },
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
] satisfies readonly Binding[]

function clock(t: number): string {
  const d = new Date(t)
  return `${d.toISOString().slice(5, 10)} ${d.toTimeString().slice(0, 8)}`
}

function row(e: AuditEntry, width: number): string {
  const base = `${String(e.seq).padStart(6)} ${clock(e.hlc.t)} ${e.person.padEnd(10).slice(0, 10)} ${e.type.padEnd(15).slice(0, 15)} ${e.node.slice(0, 6)} `
  const outcome = e.status === 'applied' ? '✓' : `✗ ${e.reason ?? ''}`
  return (base + outcome).slice(0, width)
}

/** Who did what, when, on which node: the fold's journal of the signed log, newest first. */
export function AuditScreen(props: ScreenProps) {
  const client = useClient()
  const pageSize = Math.max(3, props.rows)
  const [pages, setPages] = useState<number[]>([]) // the beforeSeq of each page we went down to
  const beforeSeq = pages.at(-1)
  const { data, error } = useViewQuery(
    () => client.call('audit.list', beforeSeq === undefined ? { limit: pageSize } : { limit: pageSize, beforeSeq }),
    [beforeSeq, pageSize],
  )
  const entries = data ?? []

  const cursor = useListCursor(entries.length)

  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (cursor.move(command)) return true
    switch (command) {
      case Command.pageDown: {
        const last = entries.at(-1)
        if (last !== undefined && last.seq > 0 && entries.length === pageSize) {
          setPages((p) => [...p, last.seq])
          cursor.reset()
        }
        return true
      }
      case Command.pageUp:
        setPages((p) => p.slice(0, -1))
        cursor.reset()
        return true
      case Command.back:
        props.back()
        return true
      default:
        return false
    }
  })
  useScan(() => undefined) // scans do nothing here; they must not be read as keys

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Audit log {pages.length > 0 ? `(page ${pages.length + 1})` : '(newest first)'}</Text>
      <Text {...tone('muted')}>{'   seq time           person     operation       node'.slice(0, props.width)}</Text>
      {error !== null && <Text {...tone('error')}>✗ {error}</Text>}
      {entries.map((e, i) => (
        <Text
          key={`${e.seq}/${e.node}/${e.at.block}/${e.at.index}`}
          {...(i === cursor.selected ? tone('selected') : e.status === 'rejected' ? tone('error') : {})}
        >
          {row(e, props.width - 2)}
        </Text>
      ))}
    </Box>
  )
}

export const auditScreen: ScreenEntry = {
  id: 'audit',
  label: 'Audit log',
  roles: ['manager'],
  inMenu: true,
  bindings: BINDINGS,
  component: AuditScreen,
}
