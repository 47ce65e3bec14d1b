import { Box, Text } from 'ink'
import { useState } from 'react'
import { describeDocument, localMoment, type PrintDocument, type PrintJobRecord } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { locationLabelDocument } from '../components/documents.js'
import { matchesLine, resolveOrFind } from '../components/find.js'
import { Table } from '../components/table.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { Layer } from '../keys/dispatcher.js'
import { useNames } from '../hooks/use-names.js'
import { usePrinterChoice } from '../hooks/use-printer-choice.js'

/** Printing's own commands, beside the shared ones. */
const Printing = {
  reprint: 'reprint',
  cancelJob: 'cancelJob',
  testPrint: 'testPrint',
  shelfLabel: 'shelfLabel',
  printer: 'printer',
} as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer job' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older job' },
  { command: Printing.reprint, keys: ['r'], label: 'r', help: 'reprint the selected job' },
  { command: Printing.cancelJob, keys: ['c'], label: 'c', help: 'cancel the selected job if it has not printed' },
  { command: Printing.testPrint, keys: ['t'], label: 't', help: 'preview a test label; Enter prints it' },
  {
    command: Printing.shelfLabel,
    keys: ['l'],
    label: 'l',
    help: 'a shelf label: scan or type the location (by code or name), Enter prints it',
  },
  { command: Printing.printer, keys: [{ name: 'tab' }], label: 'Tab', help: 'choose another printer for what you print here' },
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'print the document being previewed; else the selected job in full',
  },
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

const mark = (job: PrintJobRecord) => (job.state === 'printed' ? '✓' : job.state === 'cancelled' ? '✗' : '…')
const what = (job: PrintJobRecord) =>
  `${describeDocument(job.document)}${job.prints > 1 ? ` ×${job.prints}` : ''}${job.copyOf !== null ? ' (reprint)' : ''}`

/**
 * Print jobs, newest first, with the selected job's preview: what the printer gets, line for line.
 * Reprint is one key. A new document is previewed first and printed with Enter.
 */
export function PrintingScreen(props: ScreenProps) {
  const client = useClient()
  const { status } = useAppState()
  const jobs = useViewQuery(() => client.call('printing.jobs', { limit: 50 }), [])
  const choice = usePrinterChoice()
  const names = useNames()
  const printerName = (id: string) => choice.printers.find((p) => p.id === id)?.name ?? id
  const [detail, setDetail] = useState<PrintJobRecord | null>(null)
  /** Typing a shelf for its label: the field is open. */
  const [asking, setAsking] = useState(false)
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

  const shelf = useTextField({
    isActive: asking,
    priority: Layer.overlay,
    takeScans: true,
    maxLength: 64,
    onSubmit: (text) => {
      if (text.trim() === '') return setAsking(false)
      resolveOrFind(client, text).then(
        (found) => {
          shelf.apply({ type: 'clear' })
          if ('matches' in found) {
            const shelves = found.matches.filter((m) => m.kind === 'location')
            return setMessage({
              error: true,
              text: shelves.length === 0 ? `"${text}" is no shelf of this site` : matchesLine({ matches: shelves, text }),
            })
          }
          if (found.resolved.kind !== 'location')
            return setMessage({
              error: true,
              text: `${text} is ${found.resolved.kind === 'unknown' ? 'no code of this site' : `a ${found.resolved.kind}`}: a shelf label needs a location`,
            })
          setAsking(false)
          choice.print(locationLabelDocument(found.resolved.location), `shelf label ${found.resolved.location.code}`, setMessage)
        },
        (err: Error) => setMessage({ error: true, text: err.message }),
      )
    },
  })
  useKeypress(
    (key) => {
      if (key.name !== 'escape') return false
      shelf.apply({ type: 'clear' })
      setAsking(false)
      return true
    },
    { isActive: asking, priority: Layer.overlay },
  )

  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (detail !== null) {
      if (command === Command.back) setDetail(null)
      return true
    }
    if (draft !== null) {
      if (command === Command.select) void report(client.call('printing.queue', draft), `queued on ${printerName(draft.printer)}`)
      else setMessage({ error: false, text: 'not printed' })
      setDraft(null)
      return true
    }
    if (cursor.move(command)) return true
    switch (command) {
      case Command.select:
        if (selected !== undefined) setDetail(selected)
        return true
      case Printing.shelfLabel:
        setMessage(null)
        setAsking(true)
        return true
      case Printing.printer:
        choice.next()
        return true
      case Printing.reprint:
        if (selected !== undefined)
          void report(client.call('printing.reprint', { job: selected.id }), `reprint queued on ${printerName(selected.printer)}`)
        return true
      case Printing.cancelJob:
        if (selected !== undefined) void report(client.call('printing.cancel', { job: selected.id }), 'cancelled')
        return true
      case Printing.testPrint: {
        const printer = choice.printer
        if (printer === null) setMessage({ error: true, text: 'no printer in this site: add one to a node’s config.json' })
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
  useScan(() => undefined, { isActive: !asking })

  const local = status?.printers ?? []
  const site = choice.printers
  const previewRows = Math.max(3, props.rows - JOB_ROWS - site.length - 7)
  const columns: Column<PrintJobRecord>[] = [
    { kind: 'code', cell: mark },
    { kind: 'code', cell: (j) => j.state },
    { kind: 'text', cell: (j) => printerName(j.printer), min: 6, max: 16, optional: true },
    { kind: 'text', cell: what, min: 10 },
    { kind: 'text', cell: (j) => names.person(j.person), min: 4, max: 16, optional: true },
  ]
  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Print job ${detail.id}`}
          width={props.width - 2}
          fields={[
            ['document', what(detail)],
            ['state', detail.state],
            ['printer', `${printerName(detail.printer)} (${detail.printer})`],
            ['by', `${names.person(detail.person)} (${detail.person})`],
            ['from node', names.node(detail.node)],
            ['queued', localMoment(detail.hlc.t)],
            ['printed', detail.printedAt === null ? null : localMoment(detail.printedAt.t)],
            ['cancelled by', detail.cancelledBy === null ? null : names.person(detail.cancelledBy)],
            ['reprint of', detail.copyOf],
          ]}
        />
      </Box>
    )
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
            {`${p.name} (${p.id}) — ${state}${p.id === choice.printer?.id && site.length > 1 ? ' ← prints here (Tab)' : ''}`.slice(
              0,
              props.width - 2,
            )}
          </Text>
        )
      })}
      {list.length === 0 && <Text {...tone('muted')}>No print jobs yet. t prints a test label.</Text>}
      {asking && <TextFieldView label="Shelf" field={shelf.state} focused width={7} hint="scan or type the location; Esc: none" />}
      {list.length > 0 && (
        <Table
          columns={columns}
          rows={list}
          width={props.width - 2}
          height={JOB_ROWS + 2}
          selected={draft === null ? cursor.selected : null}
          rowKey={(j) => j.id}
        />
      )}
      <Text {...tone('muted')}>
        {draft !== null
          ? `Preview for ${printerName(draft.printer)}: Enter prints, any other key drops it`
          : preview !== null
            ? `Preview (${preview.bytes} bytes to ${printerName(preview.printer)}) — r reprints, Enter in full`
            : ' '}
      </Text>
      {/* no job and nothing drafted: no preview box (an empty one looked like a broken screen) */}
      {preview !== null && (
        <Box flexDirection="column" borderStyle="single" paddingX={1}>
          {preview.lines.slice(0, previewRows).map((line, i) => (
            <Text key={i}>{line.slice(0, props.width - 6)}</Text>
          ))}
        </Box>
      )}
      <OutcomeLine outcome={message} />
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
