import { Box, Text } from 'ink'
import { GLOBAL_BINDINGS, type Binding } from '../keys/bindings.js'
import type { Key } from '../keys/tokenize.js'
import type { ScreenEntry } from '../screens/screen.js'
import { tone } from '../theme.js'

/** Words to lines of at most `width` (a word longer than a line is cut across lines). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    for (let rest = word; rest !== '';) {
      const room = line === '' ? width : width - line.length - 1
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`
        rest = ''
      } else if (line !== '') {
        lines.push(line)
        line = ''
      } else {
        lines.push(rest.slice(0, width))
        rest = rest.slice(width)
      }
    }
  }
  return line === '' && lines.length > 0 ? lines : [...lines, line]
}

/** Border, title and the closing line around the keys. */
const CHROME = 4

export interface HelpLayout {
  labelWidth: number
  lines: ReadonlyArray<{ label: string; text: string }>
  /** Lines that show at once. */
  room: number
  /** The last top line: the help scrolls from 0 to it. */
  last: number
}

/** The help's lines at this width (each key's words wrapped beside its label) and how many fit in `height`. */
export function helpLayout(
  bindings: readonly Binding[],
  width: number,
  height: number | undefined,
  scanner = 'scan a code at any time; it goes to this screen',
): HelpLayout {
  const rows = [...bindings, ...GLOBAL_BINDINGS]
  const labelWidth = Math.min(12, Math.max(...rows.map((b) => b.label.length), 7) + 1)
  const entries = [...rows.map((b) => [b.label, b.help] as const), ['scanner', scanner] as const]
  // border and padding (4), the label's column
  const textWidth = Math.max(8, width - 4 - labelWidth)
  const lines = entries.flatMap(([label, help]) => wrapWords(help, textWidth).map((text, i) => ({ label: i === 0 ? label : '', text })))
  const room = height === undefined ? lines.length : Math.max(1, height - CHROME)
  return { labelWidth, lines, room, last: Math.max(0, lines.length - room) }
}

/** Where ↑ ↓ PgUp PgDn Home End take the help's top line; null for any other key. */
export function helpScroll(key: Key, top: number, layout: HelpLayout): number | null {
  const to =
    key.name === 'up'
      ? top - 1
      : key.name === 'down'
        ? top + 1
        : key.name === 'pageup'
          ? top - layout.room
          : key.name === 'pagedown'
            ? top + layout.room
            : key.name === 'home'
              ? 0
              : key.name === 'end'
                ? layout.last
                : null
  return to === null ? null : Math.max(0, Math.min(layout.last, to))
}

/**
 * The keys of the current screen, straight from the bindings its handler reads (its registry
 * entry). Taller than `height` (a kitchen board's keys at 80x24, a screen of 60x20), it shows
 * the lines from `top` (the shell moves it with helpScroll, in the layer that holds the keys
 * while help is open) and its closing line says which lines show.
 */
export function HelpOverlay(props: { screen: ScreenEntry; width?: number; height?: number; top?: number; bindings?: readonly Binding[] }) {
  const layout = helpLayout(props.bindings ?? props.screen.bindings, props.width ?? 80, props.height, props.screen.scanner)
  const top = Math.max(0, Math.min(layout.last, props.top ?? 0))
  const shown = layout.lines.slice(top, top + layout.room)
  const scrolls = layout.lines.length > layout.room
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} {...(props.width === undefined ? {} : { width: props.width })}>
      <Text {...tone('title')} wrap="truncate">
        Help — {props.screen.label}
      </Text>
      {shown.map((l, i) => (
        <Box key={top + i}>
          <Box width={layout.labelWidth} flexShrink={0}>
            <Text>{l.label}</Text>
          </Box>
          <Text wrap="truncate">{l.text}</Text>
        </Box>
      ))}
      {/* one line whatever the width: the layout counted it as one */}
      <Text {...tone('muted')} wrap="truncate">
        {scrolls
          ? `lines ${top + 1}-${top + shown.length} of ${layout.lines.length} · ↑↓ PgUp PgDn · Esc closes`
          : 'Esc, ? or F1 closes this help'}
      </Text>
    </Box>
  )
}
