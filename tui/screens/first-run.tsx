import { Box, Text, useApp } from 'ink'
import { useMemo, useState } from 'react'
import { NUMBER_STYLE_EXAMPLE, parsePairingCode, type NumberStyle } from '../../protocol/index.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { useInputSource } from '../hooks/use-input-source.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useScan } from '../hooks/use-scan.js'
import { KeyDispatcher } from '../keys/dispatcher.js'
import { DispatcherContext } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScanFrame } from '../keys/scan-frame.js'

export type FirstRunOutcome = 'found' | 'joined' | 'quit'

export interface FirstRunProps {
  dataDir: string
  /** Join through the node that showed the code (the launcher runs it; the TUI only asks). */
  join(code: string, direct: string | null, onPending: (id: string) => void): Promise<{ siteName: string }>
  /** found: the number style the person chose for the new site. */
  done(outcome: FirstRunOutcome, numberStyle?: NumberStyle): void
  /** The style to offer first (--number-style, config.json, or the system locale's); null: none. */
  suggestedStyle?: NumberStyle | null
  burstGapMs?: number
  scanFrame?: ScanFrame | null
}

type Step =
  | { kind: 'choose' }
  | { kind: 'numbers' }
  | { kind: 'code' }
  | { kind: 'direct'; code: string }
  | { kind: 'waiting'; text: string }
  | { kind: 'joined'; siteName: string }

/** A new data dir: found a new site, or join one with a code from one of its nodes. */
export function FirstRunApp(props: FirstRunProps) {
  const dispatcher = useMemo(() => new KeyDispatcher(), [])
  return (
    <DispatcherContext.Provider value={dispatcher}>
      <FirstRun {...props} dispatcher={dispatcher} />
    </DispatcherContext.Provider>
  )
}

function FirstRun(props: FirstRunProps & { dispatcher: KeyDispatcher }) {
  useInputSource(props.dispatcher, {
    ...(props.burstGapMs === undefined ? {} : { burstGapMs: props.burstGapMs }),
    scanFrame: props.scanFrame ?? null,
  })
  const { exit } = useApp()
  const [step, setStep] = useState<Step>({ kind: 'choose' })
  const [error, setError] = useState<string | null>(null)
  const finish = (outcome: FirstRunOutcome, numberStyle?: NumberStyle) => {
    props.done(outcome, numberStyle)
    exit()
  }
  const suggested = props.suggestedStyle ?? null

  const takeCode = (value: string) => {
    try {
      setStep({ kind: 'direct', code: parsePairingCode(value) })
      setError(null)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const codeField = useTextField({ isActive: step.kind === 'code', maxLength: 20, accept: /^[A-Za-z0-9 -]$/, onSubmit: takeCode })
  const directField = useTextField({
    isActive: step.kind === 'direct',
    takeScans: true, // an address typed quickly can arrive in one read and look like a scan
    maxLength: 80,
    accept: /^[A-Za-z0-9.:[\]-]$/,
    onSubmit: (direct) => {
      if (step.kind !== 'direct') return
      setStep({ kind: 'waiting', text: 'Looking for the site…' })
      setError(null)
      props
        .join(step.code, direct.trim() === '' ? null : direct.trim(), (id) =>
          setStep({ kind: 'waiting', text: `Waiting for a person there to accept request ${id}…` }),
        )
        .then(
          ({ siteName }) => setStep({ kind: 'joined', siteName }),
          (err: Error) => {
            setError(err.message)
            setStep({ kind: 'code' })
          },
        )
    },
  })

  useKeypress((key) => {
    if (key.name === 'ctrl' && key.char === 'c') finish('quit')
    else if (step.kind === 'choose' && key.name === 'char' && key.char === '1') setStep({ kind: 'numbers' })
    // the style decides what "1.234" means on the site for good, so it is chosen, never assumed
    else if (step.kind === 'numbers' && key.name === 'char' && key.char === '1') finish('found', 'comma')
    else if (step.kind === 'numbers' && key.name === 'char' && key.char === '2') finish('found', 'point')
    else if (step.kind === 'numbers' && key.name === 'return' && suggested !== null) finish('found', suggested)
    else if (step.kind === 'numbers' && key.name === 'escape') setStep({ kind: 'choose' })
    else if (step.kind === 'choose' && key.name === 'char' && key.char === '2') setStep({ kind: 'code' })
    else if (step.kind === 'choose' && key.name === 'char' && key.char === 'q') finish('quit')
    else if (step.kind === 'joined' && key.name === 'return') finish('joined')
    else if ((step.kind === 'code' || step.kind === 'direct') && key.name === 'escape') setStep({ kind: 'choose' })
    else return false
    return true
  })
  // the code can be scanned too (a printed code, a QR on the other screen)
  useScan((code) => {
    if (step.kind === 'code' || step.kind === 'choose') takeCode(code)
  })

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Outpost — a new node</Text>
      <Text {...tone('muted')}>data in {props.dataDir}</Text>
      <Box flexDirection="column" marginY={1}>
        {step.kind === 'choose' && (
          <>
            <Text> 1 Found a new site (this is the first machine)</Text>
            <Text> 2 Join a site (another machine shows a code: Pair a device)</Text>
            <Text> q Quit</Text>
          </>
        )}
        {step.kind === 'numbers' && (
          <>
            <Text>How does this site write numbers? It decides what 1.234 and 1,720 mean.</Text>
            <Text>{` 1 ${NUMBER_STYLE_EXAMPLE.comma}   (Türkçe, Deutsch, français, italiano, español…)`}</Text>
            <Text>{` 2 ${NUMBER_STYLE_EXAMPLE.point}   (English, 日本語, Schweiz…)`}</Text>
            <Text {...tone('muted')}>
              {suggested === null
                ? 'Esc: back'
                : `Enter: ${NUMBER_STYLE_EXAMPLE[suggested]}, as this system writes numbers; Esc: back. An admin can change it later.`}
            </Text>
          </>
        )}
        {step.kind === 'code' && <TextFieldView label="Code" field={codeField.state} focused width={8} />}
        {step.kind === 'direct' && (
          <>
            <Text>Code {step.code}</Text>
            <TextFieldView label="Address" field={directField.state} focused width={8} />
            <Text {...tone('muted')}>
              host:port of the other node if there is no site bootstrap (outpost status shows it); Enter to skip
            </Text>
          </>
        )}
        {step.kind === 'waiting' && <Text>{step.text}</Text>}
        {step.kind === 'joined' && <Text {...tone('ok')}>✓ Joined {step.siteName}. Enter to open it.</Text>}
      </Box>
      {error !== null && <Text {...tone('error')}>✗ {error}</Text>}
      {(step.kind === 'code' || step.kind === 'direct') && <Text {...tone('muted')}>Esc: back</Text>}
    </Box>
  )
}
