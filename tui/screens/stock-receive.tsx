import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import { matchesLine, resolveOrFind } from '../components/find.js'
import { useUndo } from '../hooks/use-undo.js'
import { useKept } from '../state/kept.js'
import { QuantityError, formatQuantity, parseQuantity, type NumberStyle, type Product } from '../../protocol/index.js'
import { TextFieldView, useTextField, type TextFieldHandle } from '../components/text-field.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useNumberStyle } from '../hooks/use-number-style.js'
import { useScan } from '../hooks/use-scan.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import type { Outcome } from '../components/outcome-line.js'

/** Receive's own commands, beside the shared ones. */
const Receive = { up: 'previousField', undo: 'undo' } as const

const BINDINGS = [
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'next field; on Rolls, receive (a scan fills its own field). A product can be typed by name',
  },
  { command: Receive.up, keys: [{ name: 'up' }], label: '↑', help: 'the field before (what was typed stays)' },
  {
    command: Receive.undo,
    keys: [{ ctrl: 'z' }],
    label: 'Ctrl-Z',
    help: 'undo your last receipt (within 2 minutes; refused once a roll was held, picked or shipped)',
  },
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu (the form is kept for when you come back)' },
] satisfies readonly Binding[]

type Step = 'product' | 'lot' | 'location' | 'quantity' | 'rolls'
interface KeptForm {
  step: Step
  product: Product | null
  lot: string
  location: string
  quantity: string
  rolls: string
}
const STEPS: readonly Step[] = ['product', 'lot', 'location', 'quantity', 'rolls']
const CODE = /^[\x21-\x7e]$/

/**
 * How a typed quantity reads for this product: the daemon's own parser, run here on every key,
 * in the number style the daemon will read it in; shown back in that style.
 */
function readQuantity(text: string, product: Product | null, style: NumberStyle | null): { ok: boolean; text: string } | null {
  if (product === null || text.trim() === '') return null
  try {
    return { ok: true, text: `read as ${formatQuantity(parseQuantity(text, { unit: product.unit, style }), style)}` }
  } catch (err) {
    if (err instanceof QuantityError) return { ok: false, text: err.message }
    throw err
  }
}

/**
 * Receive: product (scan or type), lot, location (scan or type), quantity per roll (shown as it
 * was read before it counts), number of rolls. Enter on the last field receives them: each roll
 * gets its code and its label. Lot and location stay for the next product from the same delivery.
 */
export function StockReceiveScreen(props: ScreenProps) {
  const client = useClient()
  const numbers = useNumberStyle()
  // the form stays as it was when the person goes back to the menu and returns (issue #21)
  const latest = useRef<KeptForm | null>(null)
  const kept = useKept<KeptForm | null>('stock-receive.form', null, () => latest.current)
  const [step, setStep] = useState<Step>(kept?.step ?? 'product')
  const [product, setProduct] = useState<Product | null>(kept?.product ?? null)
  const undo = useUndo()
  const [message, setMessage] = useState<Outcome | null>(null)
  const [busy, setBusy] = useState(false)
  const next = () => setStep(STEPS[Math.min(STEPS.length - 1, STEPS.indexOf(step) + 1)]!)
  const fail = (text: string) => setMessage({ error: true, text })

  const checkProduct = (code: string) => {
    if (code.trim() === '') return fail('scan the product, or type its code or its name')
    resolveOrFind(client, code).then(
      (what) => {
        if ('matches' in what) return fail(matchesLine(what))
        const found = what.resolved
        if (found.kind !== 'product')
          return fail(
            `${code.trim()} is not a product${found.kind === 'unknown' ? ' (nor in any product name)' : ` (it is a ${found.kind})`}`,
          )
        setProduct(found.product)
        setMessage(null)
        fields.product.apply({ type: 'set', value: found.product.sku })
        setStep('lot')
      },
      (err: Error) => fail(err.message),
    )
  }
  const receive = (rolls: string) => {
    if (product === null) return setStep('product')
    // an empty field is not "1": it silently received one roll (issue #21)
    if (!/^[0-9]+$/.test(rolls.trim())) return fail('type how many rolls (1 to 500)')
    const count = Number(rolls.trim())
    if (count < 1 || count > 500) return fail('the number of rolls is 1 to 500')
    setBusy(true)
    client
      .call('stock.receive', {
        product: product.sku,
        lot: fields.lot.current().trim(),
        location: fields.location.current().trim(),
        quantity: fields.quantity.current(),
        // the style the preview read it in: the daemon reads it the same, even if the site's
        // style changed since (or this terminal has its own)
        ...(numbers.style !== null ? { numberStyle: numbers.style } : {}),
        rolls: count,
      })
      .then(
        (done) => {
          setMessage({
            error: false,
            text: `received ${done.rolls.length} × ${done.shown}: ${done.rolls.join(' ')}${done.labels > 0 ? ` — ${done.labels} label(s) printing` : ''}`,
          })
          undo.did({ what: `receipt of ${done.rolls.join(' ')}`, run: () => client.call('stock.unreceive', { rolls: done.rolls }) })
          for (const f of [fields.product, fields.quantity, fields.rolls]) f.apply({ type: 'clear' })
          setProduct(null)
          setStep('product')
        },
        (err: Error) => fail(err.message),
      )
      .finally(() => setBusy(false))
  }

  const active = (name: Step) => step === name && !busy
  const fields: Record<Step, TextFieldHandle> = {
    // a product by name too ("Poplin 120"): spaces are typed
    product: useTextField({
      isActive: active('product'),
      maxLength: 64,
      accept: /^[\x20-\x7e\u00a0-\uffff]$/,
      onSubmit: checkProduct,
      initial: kept?.product?.sku ?? '',
    }),
    lot: useTextField({
      isActive: active('lot'),
      initial: kept?.lot ?? '',
      maxLength: 40,
      accept: CODE,
      onSubmit: (v) => (v.trim() === '' ? fail('type the lot (from the supplier’s label)') : (setMessage(null), next())),
    }),
    location: useTextField({
      isActive: active('location'),
      initial: kept?.location ?? '',
      maxLength: 64,
      accept: CODE,
      onSubmit: (v) =>
        v.trim() === ''
          ? fail('scan the shelf label, or type its code')
          : void resolveOrFind(client, v).then(
              (what) => {
                if ('matches' in what) return fail(matchesLine(what))
                const found = what.resolved
                if (found.kind !== 'location') return fail(`${v.trim()} is not a location`)
                fields.location.apply({ type: 'set', value: found.location.code })
                setMessage(null)
                setStep('quantity')
              },
              (err: Error) => fail(err.message),
            ),
    }),
    quantity: useTextField({
      isActive: active('quantity'),
      initial: kept?.quantity ?? '',
      maxLength: 64,
      accept: /^[0-9.,' a-zA-Z+-]$/,
      onSubmit: (value) => {
        const read = readQuantity(value, product, numbers.style)
        if (read?.ok === true) {
          setMessage(null)
          next()
        } else fail(read?.text ?? 'type a quantity')
      },
    }),
    rolls: useTextField({ isActive: active('rolls'), maxLength: 3, accept: /^[0-9]$/, onSubmit: receive, initial: kept?.rolls ?? '' }),
  }
  latest.current = {
    step,
    product,
    lot: fields.lot.current(),
    location: fields.location.current(),
    quantity: fields.quantity.current(),
    rolls: fields.rolls.current(),
  }

  // how the typed quantity reads, shown as it is typed
  const reading = readQuantity(fields.quantity.state.value, product, numbers.style)

  // a scan fills the field it belongs to, whatever field has the cursor
  useScan((code) => {
    client.call('scan.resolve', { code: code.trim() }).then(
      (found) => {
        if (found.kind === 'product') checkProduct(found.product.sku)
        else if (found.kind === 'location') {
          fields.location.apply({ type: 'set', value: found.location.code })
          setStep(product === null ? 'product' : 'quantity')
        } else {
          // not a code of this site: typing for the field with the cursor (a lot, a quantity)
          // that arrived in one read, as over a slow SSH link
          const typed = step !== 'product' && step !== 'location' && fields[step].typeAndSubmit(code.trim())
          if (!typed) fail(`${code.trim()}: not a product or a location here`)
        }
      },
      (err: Error) => fail(err.message),
    )
  })
  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (command === Receive.up) setStep(STEPS[Math.max(0, STEPS.indexOf(step) - 1)]!)
    else if (command === Receive.undo) void undo.undo().then(setMessage)
    else if (command === Command.back) props.back()
    else return false
    return true
  })

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Receive</Text>
      <Text>
        Scan or type the product (code or name), lot, location; the quantity on each roll; how many rolls. Enter moves on, ↑ goes back. F1
        (or ? in an empty field) shows the keys.
      </Text>
      <Box flexDirection="column" marginY={1}>
        <TextFieldView label="Product " field={fields.product.state} focused={step === 'product'} />
        {product !== null && <Text {...tone('muted')}>{`          ${product.name} (${product.unit}) ${newAttributes(product)}`}</Text>}
        <TextFieldView label="Lot     " field={fields.lot.state} focused={step === 'lot'} />
        <TextFieldView label="Location" field={fields.location.state} focused={step === 'location'} />
        <TextFieldView label="Quantity" field={fields.quantity.state} focused={step === 'quantity'} hint={numbers.hint} />
        {reading !== null && <Text {...tone(reading.ok ? 'ok' : 'error')}>{`          ${reading.text}`}</Text>}
        <TextFieldView label="Rolls   " field={fields.rolls.state} focused={step === 'rolls'} />
      </Box>
      {undo.last !== null && <Text {...tone('muted')}>{`Ctrl-Z undoes the ${undo.last.what}`}</Text>}
      {busy && <Text>Receiving…</Text>}
      {message !== null && (
        <Text {...tone(message.error ? 'error' : 'ok')}>
          {message.error ? '✗ ' : '✓ '}
          {message.text}
        </Text>
      )}
    </Box>
  )
}

export const stockReceiveScreen: ScreenEntry = {
  id: 'stock-receive',
  label: 'Receive',
  roles: ['picker'],
  inMenu: true,
  bindings: BINDINGS,
  component: StockReceiveScreen,
}

/** A product's attributes its name does not say already, named ("Poplin 120 lacivert (m) quality A", not "… A lacivert"). */
function newAttributes(product: { name: string; attributes: Record<string, string> }): string {
  const words = new Set(product.name.toLocaleLowerCase().split(/\s+/))
  return Object.entries(product.attributes)
    .filter(([, value]) => !words.has(value.toLocaleLowerCase()))
    .map(([key, value]) => `${key} ${value}`)
    .join(', ')
}
