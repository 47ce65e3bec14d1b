import { Box, Text } from 'ink'
import { useState } from 'react'
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

const BINDINGS = [
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'next field; on Rolls, receive (a scan fills its own field)',
  },
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu' },
] satisfies readonly Binding[]

type Step = 'product' | 'lot' | 'location' | 'quantity' | 'rolls'
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
  const [step, setStep] = useState<Step>('product')
  const [product, setProduct] = useState<Product | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const [busy, setBusy] = useState(false)
  const next = () => setStep(STEPS[Math.min(STEPS.length - 1, STEPS.indexOf(step) + 1)]!)
  const fail = (text: string) => setMessage({ error: true, text })

  const checkProduct = (code: string) => {
    client.call('scan.resolve', { code: code.trim() }).then(
      (found) => {
        if (found.kind !== 'product')
          return fail(`${code.trim()} is not a product${found.kind === 'unknown' ? '' : ` (it is a ${found.kind})`}`)
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
        rolls: Number(rolls || '1'),
      })
      .then(
        (done) => {
          setMessage({
            error: false,
            text: `received ${done.rolls.length} × ${done.shown}: ${done.rolls.join(' ')}${done.labels > 0 ? ` — ${done.labels} label(s) printing` : ''}`,
          })
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
    product: useTextField({ isActive: active('product'), maxLength: 64, accept: CODE, onSubmit: checkProduct }),
    lot: useTextField({
      isActive: active('lot'),
      maxLength: 40,
      accept: CODE,
      onSubmit: (v) => (v.trim() === '' ? fail('type the lot (from the supplier’s label)') : (setMessage(null), next())),
    }),
    location: useTextField({
      isActive: active('location'),
      maxLength: 64,
      accept: CODE,
      onSubmit: (v) =>
        void client.call('scan.resolve', { code: v.trim() }).then(
          (found) => {
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
    rolls: useTextField({ isActive: active('rolls'), maxLength: 3, accept: /^[0-9]$/, onSubmit: receive }),
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
    if (commandFor(BINDINGS, key) !== Command.back) return false
    props.back()
    return true
  })

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Receive</Text>
      <Text>Scan or type the product, lot, location; the quantity on each roll; how many rolls. Enter moves on.</Text>
      <Box flexDirection="column" marginY={1}>
        <TextFieldView label="Product " field={fields.product.state} focused={step === 'product'} />
        {product !== null && (
          <Text {...tone('muted')}>{`          ${product.name} (${product.unit}) ${Object.values(product.attributes).join(' ')}`}</Text>
        )}
        <TextFieldView label="Lot     " field={fields.lot.state} focused={step === 'lot'} />
        <TextFieldView label="Location" field={fields.location.state} focused={step === 'location'} />
        <TextFieldView label="Quantity" field={fields.quantity.state} focused={step === 'quantity'} hint={numbers.hint} />
        {reading !== null && <Text {...tone(reading.ok ? 'ok' : 'error')}>{`          ${reading.text}`}</Text>}
        <TextFieldView label="Rolls   " field={fields.rolls.state} focused={step === 'rolls'} />
      </Box>
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
  roles: 'anyone',
  inMenu: true,
  bindings: BINDINGS,
  component: StockReceiveScreen,
}
