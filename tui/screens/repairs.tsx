import { Box, Text } from 'ink'
import { useState } from 'react'
import { REPAIR_MOVES, type RepairState, type ResultOf } from '../../protocol/index.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { findPartner } from '../components/find.js'
import { useNames } from '../hooks/use-names.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { TextFieldView, useTextField, type TextFieldHandle } from '../components/text-field.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

/** The repair bench's own commands, beside the shared ones. */
const Repairs = { note: 'note', intake: 'intake', attachment: 'attachment' } as const

const BINDINGS = [
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'next field; on the last one, take the device in' },
  { command: 'move', keys: ['1', '2', '3', '4', '5'], label: '1-5', help: 'move the repair to the state listed under that number' },
  { command: Repairs.note, keys: ['n'], label: 'n', help: 'a note on the repair, with the minutes spent' },
  { command: Repairs.intake, keys: ['i'], label: 'i', help: 'take in another device' },
  {
    command: Repairs.attachment,
    keys: ['a'],
    label: 'a',
    help: "open one of the device's attachments (then its number): fetched if not here",
  },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'cancel what is being typed; else back to the menu' },
] satisfies readonly Binding[]

type Field = 'serial' | 'product' | 'fault' | 'condition' | 'accessories' | 'customer'
const FIELDS: readonly Field[] = ['serial', 'product', 'fault', 'condition', 'accessories', 'customer']
const LABELS: Record<Field, string> = {
  serial: 'Serial',
  product: 'Product',
  fault: 'Fault',
  condition: 'Condition',
  accessories: 'Accessories',
  customer: 'Customer',
}
const LABEL_WIDTH = 12
/** What a prompt on the order asks for: the RMA number, a note and its minutes, how much of a part. */
type Prompt = { kind: 'rma' } | { kind: 'note' } | { kind: 'minutes'; text: string } | { kind: 'part'; roll: string }
const PRINTABLE = /^\P{Cc}$/u
const CODE = /^[\x21-\x7e]$/

/**
 * The repair bench on one screen (SPEC: a device's intake, repair and RMA). Intake: serial
 * (scanned or typed), product, fault, condition, accessories, customer; Enter on the last takes
 * it in and prints its label. The order: its state and where it may go (1-5), notes with time
 * (n), a part's label scanned to use it. Scanning an intake label opens that repair.
 */
export function RepairsScreen(props: ScreenProps) {
  const client = useClient()
  const [step, setStep] = useState<Field>('serial')
  const [repair, setRepair] = useState<string | null>(null)
  const [prompt, setPrompt] = useState<Prompt | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const [busy, setBusy] = useState(false)
  const loaded = useViewQuery(async () => (repair === null ? null : client.call('repairs.get', { repair })), [repair])
  const device = loaded.data?.device.code ?? null
  const attached = useViewQuery(async () => (device === null ? [] : client.call('attachments.list', { entity: device })), [device])
  const history = useHistory(props.rows)
  // `a` was pressed: the next digit opens that attachment
  const [choosing, setChoosing] = useState(false)
  const fail = (err: Error | string) => setMessage({ error: true, text: typeof err === 'string' ? err : err.message })
  const done = (text: string) => setMessage({ error: false, text })

  const takeIn = () => {
    const v = (f: Field) => fields[f].current().trim()
    const missing = FIELDS.slice(0, 4).find((f) => v(f) === '')
    if (missing !== undefined) return (setStep(missing), fail(`type the ${missing}`))
    setBusy(true)
    // the customer by name or code, as an order takes one ("moda": Atölye Moda)
    const customer = v('customer') === '' ? Promise.resolve(null) : findPartner(client, v('customer')).then((p) => p.code)
    const accessories =
      v('accessories') === ''
        ? []
        : v('accessories')
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
    customer
      .then((code) =>
        client.call('repairs.intake', {
          serial: v('serial'),
          product: v('product'),
          fault: v('fault'),
          condition: v('condition'),
          accessories,
          customer: code,
        }),
      )
      .then((taken) => {
        done(`taken in ${taken.device}, repair ${taken.repair}${taken.labels > 0 ? ' — intake label printing' : ''}`)
        for (const f of FIELDS) fields[f].apply({ type: 'clear' })
        setStep('serial')
        setRepair(taken.repair)
      }, fail)
      .finally(() => setBusy(false))
  }
  const fieldActive = (f: Field) => repair === null && step === f && !busy
  const nextField = (f: Field) => () => (f === 'customer' ? takeIn() : setStep(FIELDS[FIELDS.indexOf(f) + 1]!))
  const fields: Record<Field, TextFieldHandle> = {
    serial: useTextField({ isActive: fieldActive('serial'), maxLength: 64, accept: CODE, onSubmit: nextField('serial') }),
    product: useTextField({ isActive: fieldActive('product'), maxLength: 80, accept: PRINTABLE, onSubmit: nextField('product') }),
    fault: useTextField({ isActive: fieldActive('fault'), maxLength: 400, accept: PRINTABLE, onSubmit: nextField('fault') }),
    condition: useTextField({ isActive: fieldActive('condition'), maxLength: 200, accept: PRINTABLE, onSubmit: nextField('condition') }),
    accessories: useTextField({
      isActive: fieldActive('accessories'),
      maxLength: 400,
      accept: PRINTABLE,
      onSubmit: nextField('accessories'),
    }),
    customer: useTextField({ isActive: fieldActive('customer'), maxLength: 80, accept: PRINTABLE, onSubmit: nextField('customer') }),
  }

  const answer = (p: Promise<unknown>, ok: string) =>
    p
      .then(() => done(ok), fail)
      .finally(() => {
        input.apply({ type: 'clear' })
        setPrompt(null)
      })
  const input = useTextField({
    isActive: prompt !== null,
    // a note, its minutes or an RMA number that arrives in one burst (a scan of the supplier's RMA
    // barcode, a paste, typing over a slow link) goes into the prompt, not to the part scanner
    takeScans: prompt !== null && prompt.kind !== 'part',
    maxLength: 400,
    accept: PRINTABLE,
    onSubmit: (value) => {
      if (prompt === null || repair === null) return
      const text = value.trim()
      if (prompt.kind === 'rma') {
        if (text === '') return fail("type the supplier's RMA number")
        void answer(client.call('repairs.move', { repair, to: 'rma', rma: text }), `sent to the supplier under RMA ${text}`)
      } else if (prompt.kind === 'note') {
        if (text === '') return fail('type the note')
        input.apply({ type: 'clear' })
        setPrompt({ kind: 'minutes', text })
      } else if (prompt.kind === 'minutes') {
        const minutes = text === '' ? 0 : Number(text)
        if (!Number.isInteger(minutes) || minutes < 0) return fail('minutes are a whole number')
        void answer(client.call('repairs.note', { repair, text: prompt.text, minutes }), 'note kept')
      } else {
        const params = text === '' ? { repair, roll: prompt.roll } : { repair, roll: prompt.roll, quantity: text }
        void answer(client.call('repairs.part', params), `part from ${prompt.roll} used`)
      }
    },
  })

  const state = loaded.data?.repair.state ?? null
  const moves: readonly RepairState[] = state === null ? [] : REPAIR_MOVES[state]
  const moveTo = (to: RepairState) => {
    if (repair === null) return
    if (to === 'rma') return setPrompt({ kind: 'rma' })
    void client.call('repairs.move', { repair, to }).then(() => done(`now ${to}`), fail)
  }

  // an intake label opens its repair; a part's label, on an open repair, asks how much of it
  useScan((code) => {
    const scanned = code.trim()
    if (repair === null && step === 'serial' && prompt === null) {
      fields.serial.apply({ type: 'set', value: scanned })
      return setStep('product')
    }
    client.call('scan.resolve', { code: scanned }).then((found) => {
      if (found.kind === 'device') {
        setPrompt(null)
        setRepair(found.repair.id)
        setMessage(null)
      } else if (found.kind === 'roll' && repair !== null) {
        setPrompt({ kind: 'part', roll: found.roll.code })
      } else if (repair === null) fields[step].typeAndSubmit(scanned)
      else fail(`${scanned}: not an intake label or a part's label`)
    }, fail)
  })
  /** Open an attachment: the node fetches it from a peer if it lacks it, and writes it under its data dir. */
  const openAttachment = (a: Attachment) => {
    done(`opening ${a.name}${a.here ? '' : ' — fetching it from a peer'}…`)
    client.call('attachments.open', { id: a.id }).then((o) => done(`${a.name}${o.fetched ? ' fetched and' : ''} saved to ${o.path}`), fail)
  }
  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (choosing) {
      const picked = key.name === 'char' && /^[1-9]$/.test(key.char) ? attachments[Number(key.char) - 1] : undefined
      if (picked !== undefined) openAttachment(picked)
      setChoosing(false)
      return true
    }
    if (command === Command.back) {
      if (prompt !== null) {
        input.apply({ type: 'clear' })
        setPrompt(null)
      } else if (repair !== null) setRepair(null)
      else props.back()
      return true
    }
    if (prompt !== null || repair === null) return false
    if (command === 'move' && key.name === 'char') {
      const to = moves[Number(key.char) - 1]
      if (to !== undefined) moveTo(to)
    } else if (command === Repairs.note) setPrompt({ kind: 'note' })
    else if (command === HISTORY_BINDING.command) history.open(`repair/${repair}`)
    else if (command === Repairs.attachment) {
      if (attachments.length === 0) fail('no attachments on this device (outpost attach DEVICE FILE)')
      else if (attachments.length === 1) openAttachment(attachments[0]!)
      else setChoosing(true)
    } else if (command === Repairs.intake) {
      setRepair(null)
      setMessage(null)
    } else return false
    return true
  })

  const data = loaded.data
  // the customer by name: the intake took a partner code, a person at the bench reads a name
  const names = useNames([data?.device.customer ?? null])
  const attachments = attached.data ?? []
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>{repair === null ? 'Repair bench — intake' : `Repair ${repair}`}</Text>
      {repair === null ? (
        <>
          <Text>Scan or type the serial; then product, fault, condition, accessories (a, b), customer (name or code). Enter moves on.</Text>
          <Box flexDirection="column" marginY={1}>
            {FIELDS.map((f) => (
              <TextFieldView key={f} label={LABELS[f]} width={LABEL_WIDTH} field={fields[f].state} focused={step === f} />
            ))}
          </Box>
          <Text {...tone('muted')}>Scan an intake label to open its repair.</Text>
        </>
      ) : data === null || data === undefined ? (
        <Text>Loading…</Text>
      ) : (
        <Box flexDirection="column" marginY={1}>
          <Text>{`${data.device.product}  serial ${data.device.serial}  label ${data.device.code}`}</Text>
          {data.device.customer !== null && <Text>{`customer: ${names.partnerAndCode(data.device.customer)}`}</Text>}
          <Text>{`fault: ${data.device.fault}  (${data.device.condition}; with ${data.device.accessories.join(', ') || 'nothing'})`}</Text>
          <Text {...tone('ok')}>{`State: ${data.repair.state}${data.repair.rma === null ? '' : `  RMA ${data.repair.rma.number}`}`}</Text>
          <Text>{`Parts ${data.repair.parts.length}  notes ${data.repair.notes.length}  time ${data.repair.minutes} min`}</Text>
          {data.repair.parts.slice(-3).map((p) => (
            <Text key={p.op} {...tone('muted')}>{`  part ${p.roll} ${p.sku} ${p.milli / 1000}`}</Text>
          ))}
          <Text>{moves.length === 0 ? 'Closed.' : `Next: ${moves.map((m, i) => `${i + 1} ${m}`).join('  ')}`}</Text>
          <Text>{attachments.length === 0 ? 'No attachments.' : `Attachments${choosing ? ' — which? (its number)' : ''}:`}</Text>
          {attachments.slice(0, 9).map((a, i) => (
            <Text key={a.id}>{`  ${i + 1} ${a.name}  ${size(a.size)}  ${a.here ? 'here' : 'not fetched yet'}`}</Text>
          ))}
          <Text {...tone('muted')}>n note a attachment h history i new intake scan a part's label to use it Esc back</Text>
        </Box>
      )}
      {prompt !== null && (
        <TextFieldView
          label={
            prompt.kind === 'rma'
              ? 'Supplier RMA number'
              : prompt.kind === 'note'
                ? 'Note'
                : prompt.kind === 'minutes'
                  ? 'Minutes spent'
                  : `How much of ${prompt.roll} (Enter alone: all of it)`
          }
          field={input.state}
          focused
        />
      )}
      {busy && <Text>Taking it in…</Text>}
      <OutcomeLine outcome={message} />
      {history.view}
    </Box>
  )
}

type Attachment = ResultOf<'attachments.list'>[number]
const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`

export const repairsScreen: ScreenEntry = {
  id: 'repairs',
  label: 'Repairs',
  roles: ['picker'],
  inMenu: true,
  bindings: BINDINGS,
  component: RepairsScreen,
}
