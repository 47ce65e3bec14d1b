import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import { BadgeCode, PersonId } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { Layer } from '../keys/dispatcher.js'
import { useScan } from '../hooks/use-scan.js'
import { useAppActions, useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import wrapAnsi from 'wrap-ansi'

const BINDINGS = [
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'next field / sign in' },
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'clear and start over' },
  {
    command: Command.quit,
    keys: ['q'],
    label: 'q',
    help: 'on an empty form: quit (y confirms; keep typing for a staff id that starts with q)',
  },
] satisfies readonly Binding[]

/**
 * Person id (type it or scan a staff badge), then PIN. A two-factor badge (person-id:secret)
 * fills the staff id and goes with the PIN to the daemon, for nodes that want badge plus PIN.
 */
const SIGN_IN_LINE = 'Sign in: type your staff id or scan your badge, then your PIN. q on an empty form quits.'
const QUIT_LINE = 'Quit Outpost? y quits; a letter goes on typing a staff id that starts with q.'

export function PeopleSignInScreen(props: ScreenProps) {
  const client = useClient()
  const { notice, status, hints } = useAppState()
  const { signedIn, quit } = useAppActions()
  // `q` on the empty form asks to quit instead of typing (issue #21): y quits, any letter goes
  // on as a staff id that starts with q, Esc or Enter forgets it
  const [quitting, setQuitting] = useState(false)
  const [step, setStep] = useState<'person' | 'pin'>('person')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // a ref beside the state: the PIN field's submit reads it, and must see a scan of this very turn
  const badgeRef = useRef<string | null>(null)
  const [badge, setBadgeShown] = useState<string | null>(null)
  const setBadge = (code: string | null) => {
    badgeRef.current = code
    setBadgeShown(code)
  }

  const person = useTextField({
    isActive: step === 'person' && !busy,
    maxLength: 32,
    accept: /^[a-z0-9._-]$/,
    onSubmit: (value) => {
      if (value.trim() === '') return setError('type your staff id or scan your badge')
      setError(null)
      setBadge(null) // typed by hand: no badge
      setStep('pin')
    },
  })
  const pin = useTextField({
    isActive: step === 'pin' && !busy,
    maxLength: 64,
    accept: /^[A-Za-z0-9-]$/,
    onSubmit: (value) => {
      setBusy(true)
      const scanned = badgeRef.current
      const params = { person: person.current().trim(), pin: value, ...(scanned === null ? {} : { badge: scanned }) }
      client.call('session.signIn', params).then(signedIn, (err: Error) => {
        setError(err.message)
        pin.apply({ type: 'clear' })
        setBusy(false)
      })
    },
  })

  useScan((code) => {
    const twoFactor = BadgeCode.safeParse(code.trim())
    if (twoFactor.success) {
      person.apply({ type: 'set', value: twoFactor.data.slice(0, twoFactor.data.lastIndexOf(':')) })
      pin.apply({ type: 'clear' })
      setBadge(twoFactor.data)
      setError(null)
      setStep('pin')
      return
    }
    // At the PIN step, what does not look like a badge (a person id starts with a lower-case
    // letter) is a PIN typed quickly that arrived in one read, as over a slow SSH link.
    const plainBadge = PersonId.safeParse(code.trim()).success && /^[a-z]/.test(code.trim())
    if (step === 'pin' && !plainBadge && pin.typeAndSubmit(code.trim())) return
    person.apply({ type: 'set', value: code.trim() })
    pin.apply({ type: 'clear' })
    setBadge(null)
    setError(null)
    setStep('pin')
  })
  useKeypress(
    (key) => {
      if (!quitting) {
        if (step !== 'person' || person.current() !== '' || key.name !== 'char' || key.char !== 'q') return false
        setQuitting(true)
        return true
      }
      setQuitting(false)
      if (key.name === 'char' && key.char === 'y') quit()
      else if (key.name === 'char' && /^[a-z0-9._-]$/.test(key.char)) person.apply({ type: 'insert', text: `q${key.char}` })
      return true
    },
    { isActive: !busy, priority: Layer.screen + 2 },
  )
  useKeypress((key) => {
    if (commandFor(BINDINGS, key) !== Command.back) return false
    person.apply({ type: 'clear' })
    pin.apply({ type: 'clear' })
    setBadge(null)
    setError(null)
    setStep('person')
    return true
  })

  // The hints (the demo's) that fit under the rest, first first: at 60x20 they fill the screen, and
  // the quit question or an error pushed the title off the top and cut the staff list.
  // rows counted as Ink wraps them (wrap-ansi, indents and runs of spaces kept): a count that
  // dropped them said one row where Ink draws two at 54-58 columns (hidden so far by the two rows
  // the app keeps spare below a screen)
  const tall = (text: string) => wrapAnsi(text, Math.max(1, props.width - 2), { trim: false, hard: true }).split('\n').length
  let left =
    props.rows -
    (1 + tall(SIGN_IN_LINE) + 4 + (badge !== null ? 1 : 0) + (quitting ? tall(QUIT_LINE) : 0) + (busy ? 1 : 0)) -
    (error !== null ? tall(`✗ ${error}`) : 0) -
    (notice !== null ? tall(notice) : 0)
  const shownHints = hints.filter((hint) => (left -= tall(hint)) >= 0)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Outpost — {status?.site.name ?? '…'}</Text>
      <Text>{SIGN_IN_LINE}</Text>
      <Box flexDirection="column" marginY={1}>
        <TextFieldView label="Staff id" field={person.state} focused={step === 'person'} />
        <TextFieldView label="PIN" field={pin.state} focused={step === 'pin'} mask />
        {badge !== null && <Text {...tone('muted')}>Badge scanned: badge plus PIN</Text>}
      </Box>
      {quitting && <Text {...tone('warn')}>{QUIT_LINE}</Text>}
      {busy && <Text>Checking…</Text>}
      {error !== null && <Text {...tone('error')}>✗ {error}</Text>}
      {notice !== null && <Text {...tone('warn')}>{notice}</Text>}
      {shownHints.map((hint) => (
        <Text key={hint} {...tone('muted')}>
          {hint}
        </Text>
      ))}
    </Box>
  )
}

export const peopleSignInScreen: ScreenEntry = {
  id: 'people-sign-in',
  label: 'Sign in',
  roles: 'anyone',
  inMenu: false,
  bindings: BINDINGS,
  component: PeopleSignInScreen,
}
