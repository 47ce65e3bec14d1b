import { Box, Text } from 'ink'
import { useState } from 'react'
import { describeDocument, type PrintDocument, type PrintJobRecord } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import type { Outcome } from '../components/outcome-line.js'

/** Printing's own commands, beside the shared ones. */
const Printing = { reprint: 'reprint', cancelJob: 'cancelJob', testPrint: 'testPrint' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer job' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older job' },
  { command: Printing.reprint, keys: ['r'], label: 'r', help: 'reprint the selected job' },
  { command: Printing.cancelJob, keys: ['c'], label: 'c', help: 'cancel the selected job if it has not printed' },
  { command: Printing.testPrint, keys: ['t'], label: 't', help: 'preview a test label; Enter prints it' },
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'print the document being previewed' },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
] satisfies readonly Binding[]

/** What a sample label says: something to print when a person wants to see the printer work. */
const TEST_LABEL: PrintDocument = {
  kind: 'roll-label',
  name: 'Test label: ş ğ ı İ ç ö ü é ß',
  sku: 'TEST',
  attributes: [['printed from', 'Outpost']],
  quantity: '1 pcs',
  lot: 'TEST',
  code: 'TEST-0001',
  symbology: 'code128',
}

const JOB_ROWS = 5

function jobLine(job: PrintJobRecord): string {
  const mark = job.state === 'printed' ? '✓' : job.state === 'cancelled' ? '✗' : '…'
  const copies = job.prints > 1 ? ` ×${job.prints}` : ''
  return `${mark} ${job.state.padEnd(9)} ${job.printer.padEnd(10).slice(0, 10)} ${describeDocument(job.document)}${copies}${job.copyOf !== null ? ' (reprint)' : ''}`
}

/**
 * Print jobs, newest first, with the selected job's preview: what the printer gets, line for line.
 * Reprint is one key. A new document is previewed first and printed with Enter.
 */
export function PrintingScreen(props: ScreenProps) {
  const client = useClient()
  const { status } = useAppState()
  const jobs = useViewQuery(() => client.call('printing.jobs', { limit: 50 }), [])
  const printers = useViewQuery(() => client.call('printing.printers'), [])
  const list = jobs.data ?? []
  const cursor = useListCursor(list.length)
  const selected = list[cursor.selected]
  /** A document shown before it is printed: Enter prints it, Esc drops it. */
  const [draft, setDraft] = useState<{ printer: string; document: PrintDocument } | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const history = useHistory(props.rows)
  const previewOf = draft ?? (selected === undefined ? null : { job: selected.id })
  const previewKey = JSON.stringify(previewOf)
  const loaded = useViewQuery(
    async () => ({ key: previewKey, result: previewOf === null ? null : await client.call('printing.preview', previewOf) }),
    [previewKey],
  )
  // until the new preview arrives, show none rather than the previous document's
  const preview = loaded.data?.key === previewKey ? loaded.data.result : null
  const report = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => setMessage({ error: false, text: ok }),
      (err: Error) => setMessage({ error: true, text: err.message }),
    )

  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (draft !== null) {
      if (command === Command.select) void report(client.call('printing.queue', draft), `queued on ${draft.printer}`)
      else setMessage({ error: false, text: 'not printed' })
      setDraft(null)
      return true
    }
    if (cursor.move(command)) return true
    switch (command) {
      case Printing.reprint:
        if (selected !== undefined)
          void report(client.call('printing.reprint', { job: selected.id }), `reprint queued on ${selected.printer}`)
        return true
      case Printing.cancelJob:
        if (selected !== undefined) void report(client.call('printing.cancel', { job: selected.id }), 'cancelled')
        return true
      case Printing.testPrint: {
        const printer = printers.data?.site[0]
        if (printer === undefined) setMessage({ error: true, text: 'no printer in this site: add one to a node’s config.json' })
        else setDraft({ printer: printer.id, document: TEST_LABEL })
        return true
      }
      case HISTORY_BINDING.command:
        if (selected !== undefined) history.open(`print-job/${selected.id}`)
        return true
      case Command.back:
        props.back()
        return true
    }
    return false
  })
  useScan(() => undefined)

  const local = status?.printers ?? []
  const site = printers.data?.site ?? []
  const first = Math.max(0, Math.min(cursor.selected - 2, list.length - JOB_ROWS))
  const previewRows = Math.max(3, props.rows - JOB_ROWS - site.length - 5)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Printing</Text>
      {site.length === 0 && <Text>No printers in this site yet: add one to a node’s config.json (see docs/printing.md).</Text>}
      {site.map((p) => {
        const here = local.find((l) => l.id === p.id)
        const state =
          here === undefined
            ? 'on another node'
            : `${here.state}, ${here.queued} queued${here.problem === null ? '' : ` — ${here.problem}`}`
        return (
          <Text key={p.id} {...(here !== undefined && here.problem !== null ? tone('warn') : {})}>
            {`${p.id}: ${p.name} — ${state}`.slice(0, props.width - 2)}
          </Text>
        )
      })}
      {list.length === 0 && <Text {...tone('muted')}>No print jobs yet. t prints a test label.</Text>}
      {list.slice(first, first + JOB_ROWS).map((job, i) => (
        <Text key={job.id} {...(first + i === cursor.selected && draft === null ? tone('selected') : {})}>
          {jobLine(job).slice(0, props.width - 2)}
        </Text>
      ))}
      <Text {...tone('muted')}>
        {draft !== null
          ? `Preview for ${draft.printer}: Enter prints, any other key drops it`
          : preview !== null
            ? `Preview (${preview.bytes} bytes to ${preview.printer}) — r reprints`
            : ' '}
      </Text>
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        {(preview?.lines ?? ['']).slice(0, previewRows).map((line, i) => (
          <Text key={i}>{line.slice(0, props.width - 6)}</Text>
        ))}
      </Box>
      {message !== null && <Text {...tone(message.error ? 'error' : 'ok')}>{message.text}</Text>}
      {history.view}
    </Box>
  )
}

export const printingScreen: ScreenEntry = {
  id: 'printing',
  label: 'Printing',
  roles: 'anyone',
  inMenu: true,
  bindings: BINDINGS,
  component: PrintingScreen,
}
