import { Box, Text } from 'ink'
import { useEffect, useState } from 'react'
import { planImport, sendImport, type ImportSummary } from '../../client/catalog-import.js'
import { DEFAULT_MAX_FRAME_BYTES } from '../../protocol/index.js'
import { IMPORT_KINDS, type ImportKind } from '../../protocol/csv-rows.js'
import { DetailView } from '../components/detail-view.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { Progress } from '../components/progress.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { Table } from '../components/table.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

/** Import's own commands, beside the shared ones. */
const Importing = { kind: 'kind' } as const

const BINDINGS = [
  { command: Importing.kind, keys: [{ name: 'tab' }], label: 'Tab', help: 'what the file holds: products, locations or partners' },
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'import the file at the path typed; on an empty field, the refused row in full',
  },
  { command: Command.up, keys: [{ name: 'up' }], label: '↑', help: 'the refused rows, after an import' },
  { command: Command.down, keys: [{ name: 'down' }], label: '↓', help: 'the refused rows, after an import' },
  {
    command: Command.back,
    keys: [{ name: 'escape' }],
    label: 'Esc',
    help: 'back to the menu (an import under way goes on; come back to see it)',
  },
] satisfies readonly Binding[]

/**
 * One import at a time, kept outside the screen: a person may go back to the menu while 100,000
 * rows go in, and come back to the bar where it was.
 */
interface Run {
  file: string
  kind: ImportKind
  sent: number
  total: number
  summary: ImportSummary | null
  error: string | null
}
let run: Run | null = null
const watchers = new Set<() => void>()
const changed = (next: Run) => {
  run = next
  for (const w of watchers) w()
}

/**
 * Import a catalog file (products, locations, partners) from a path typed here: the file is read
 * by this terminal as `outpost import` reads it (client/catalog-import.ts), sent in requests that
 * fit the daemon's frame limit with a bar as they go, then what landed and what was refused, by line.
 */
export function CatalogImportScreen(props: ScreenProps) {
  const client = useClient()
  const [, redraw] = useState(0)
  const [kind, setKind] = useState<ImportKind>(run?.kind ?? 'products')
  const [message, setMessage] = useState<Outcome | null>(null)
  const [detail, setDetail] = useState<number | null>(null)
  useEffect(() => {
    const w = () => redraw((n) => n + 1)
    watchers.add(w)
    return () => void watchers.delete(w)
  }, [])
  const busy = run !== null && run.summary === null && run.error === null
  const refused = run?.summary?.bad ?? []
  const cursor = useListCursor(refused.length)

  const start = (path: string) => {
    const file = path.trim()
    // Enter on an empty field opens the refused row under the cursor, after an import
    if (file === '' && refused.length > 0) return setDetail(cursor.selected)
    if (file === '') return setMessage({ error: true, text: 'type the path of a CSV file first' })
    let plan
    try {
      plan = planImport(kind, file, { maxFrameBytes: DEFAULT_MAX_FRAME_BYTES })
    } catch (err) {
      return setMessage({ error: true, text: (err as Error).message })
    }
    setMessage(null)
    setDetail(null)
    const mine: Run = { file, kind, sent: 0, total: plan.rows, summary: null, error: null }
    changed(mine)
    sendImport(
      (m, p) => client.call(m, p),
      plan,
      (sent) => changed({ ...run!, sent }),
    ).then(
      (summary) => changed({ ...run!, sent: run!.total, summary }),
      (err: Error) => changed({ ...run!, error: err.message }),
    )
  }
  const field = useTextField({ isActive: !busy && detail === null, onSubmit: start, maxLength: 400 })

  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (detail !== null) {
      if (command === Command.back) setDetail(null)
      return true
    }
    if (command === Importing.kind && !busy) {
      setKind((k) => IMPORT_KINDS[(IMPORT_KINDS.indexOf(k) + 1) % IMPORT_KINDS.length]!)
      return true
    }
    if (refused.length > 0 && cursor.move(command)) return true
    if (command === Command.back) {
      props.back()
      return true
    }
    return false
  })

  const width = props.width - 2
  const problem = detail === null ? undefined : refused[detail]
  if (problem !== undefined && run !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Refused row of ${run.file}`}
          width={width}
          fields={[
            ['line', problem.line],
            ['reason', problem.reason],
          ]}
        />
      </Box>
    )
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Import a file</Text>
      <Text>
        {'It holds: '}
        {IMPORT_KINDS.map((k) => (
          <Text key={k} {...(k === kind ? tone('selected') : tone('muted'))}>{` ${k} `}</Text>
        ))}
        <Text {...tone('muted')}> (Tab)</Text>
      </Text>
      <TextFieldView label="File" field={field.state} focused={!busy} width={6} />
      <Text {...tone('muted')}>A CSV with a header row; Enter imports it.</Text>
      <OutcomeLine outcome={message} />
      {run !== null && (
        <Box flexDirection="column" marginTop={1}>
          <Progress done={run.sent} total={run.total} unit="rows" width={Math.min(width, 70)} label={`${run.kind} from ${run.file}`} />
          {run.error !== null && <Text {...tone('error')}>{`✗ stopped: ${run.error} (rows sent before it landed)`}</Text>}
          {run.summary !== null && (
            <Text {...tone(run.summary.bad.length === 0 ? 'ok' : 'warn')}>
              {`${run.summary.bad.length === 0 ? '✓' : '!'} ${run.summary.added} added, ${run.summary.updated} updated, ${run.summary.bad.length} refused`}
            </Text>
          )}
          {refused.length > 0 && (
            <Table
              columns={[
                { header: 'line', kind: 'number', cell: (p) => String(p.line) },
                { header: 'why refused', kind: 'text', cell: (p) => p.reason },
              ]}
              rows={refused}
              width={width}
              height={Math.max(3, props.rows - 13)}
              selected={cursor.selected}
              rowKey={(p, i) => `${p.line}/${i}`}
            />
          )}
        </Box>
      )}
    </Box>
  )
}

export const catalogImportScreen: ScreenEntry = {
  id: 'catalog-import',
  label: 'Import a file',
  roles: ['manager'],
  inMenu: true,
  bindings: BINDINGS,
  component: CatalogImportScreen,
}
