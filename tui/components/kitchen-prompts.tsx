import { Box, Text } from 'ink'
import { useState } from 'react'
import { Layer } from '../keys/dispatcher.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { tone } from '../theme.js'
import { TextFieldView, useTextField } from './text-field.js'

/** The reasons a kitchen gives most, one key each; anything else is typed (4). */
/** Rows the cancel prompt takes over the board. */
export const CANCEL_PROMPT_ROWS = 6

export const CANCEL_REASONS = ['customer left', 'out of stock', 'entered by mistake'] as const

/**
 * Cancel a ticket: a reason is required (the audit keeps it). 1-3 pick a common one, 4 types one;
 * Esc keeps the ticket. While open it takes every key, so no bump goes past it by mistake.
 */
export function CancelPrompt(props: { label: string; done(reason: string | null): void }) {
  const [typing, setTyping] = useState(false)
  // Enter on an empty reason did nothing and said nothing
  const [empty, setEmpty] = useState(false)
  const field = useTextField({
    isActive: typing,
    // a longer reason is kept and told, and Enter refuses it: the ticket is not cancelled with a cut one
    maxLength: 80,
    name: 'the reason',
    priority: Layer.prompt + 1,
    onSubmit: (value) => {
      if (value.trim() !== '') props.done(value.trim())
      else setEmpty(true)
    },
  })
  useKeypress(
    (key) => {
      if (key.name === 'escape') props.done(null)
      else if (!typing && key.name === 'char' && /^[1-3]$/.test(key.char)) props.done(CANCEL_REASONS[Number(key.char) - 1]!)
      else if (!typing && key.name === 'char' && key.char === '4') setTyping(true)
      return true
    },
    { priority: Layer.prompt },
  )
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text {...tone('warn')}>Cancel ticket #{props.label}? Why:</Text>
      <Text>{[...CANCEL_REASONS, 'another reason'].map((r, i) => `${i + 1} ${r}`).join('  ')}</Text>
      {typing && <TextFieldView label="Reason" field={field.state} focused />}
      {/* in the same row: the prompt's height is fixed (CANCEL_PROMPT_ROWS) */}
      {empty && field.state.value.trim() === '' ? (
        <Text {...tone('warn')}>Type the reason first, then Enter; Esc keeps the ticket.</Text>
      ) : (
        <Text {...tone('muted')}>Esc keeps the ticket.</Text>
      )}
    </Box>
  )
}

export interface StationChoice {
  id: string
  name: string
  kind: string
}

/** Choose the stations the board shows: a number toggles one, 0 all of them, Enter shows them, Esc keeps the current ones. */
export function StationPicker(props: {
  stations: readonly StationChoice[]
  chosen: readonly string[]
  done(stations: string[] | null): void
}) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(props.chosen))
  useKeypress(
    (key) => {
      if (key.name === 'escape') props.done(null)
      else if (key.name === 'return') props.done(props.stations.filter((s) => chosen.has(s.id)).map((s) => s.id))
      else if (key.name === 'char' && key.char === '0') setChosen(new Set())
      else if (key.name === 'char' && /^[1-9]$/.test(key.char)) {
        const station = props.stations[Number(key.char) - 1]
        if (station !== undefined)
          setChosen((c) => {
            const next = new Set(c)
            if (next.has(station.id)) next.delete(station.id)
            else next.add(station.id)
            return next
          })
      }
      return true
    },
    { priority: Layer.prompt },
  )
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text {...tone('title')}>Stations on this board</Text>
      {props.stations.length === 0 && <Text {...tone('muted')}>The site has no stations yet (a manager adds them).</Text>}
      {props.stations.slice(0, 9).map((s, i) => (
        <Text
          key={s.id}
        >{` ${i + 1} [${chosen.has(s.id) ? 'x' : ' '}] ${s.name} (${s.id})${s.kind === 'expo' ? ': expo, sees whole tickets' : ''}`}</Text>
      ))}
      <Text {...tone('muted')}>A number toggles a station, 0 clears (every station), Enter shows them, Esc keeps these.</Text>
    </Box>
  )
}
