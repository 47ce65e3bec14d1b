import { Box, Text } from 'ink'
import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'

// Ink wraps with wrap-ansi's `trim: false` (a line's own indent stays); where a row came out exactly
// full, the next row began with the space between the two words. Seen on the Receive screen's help
// at 80 and 60 columns (" shows the keys."). Our patch (patches/ink+6.8.0.patch) drops that space.
const RECEIVE_HELP =
  'Scan or type the product (code or name), lot, location; the quantity on each roll; how many rolls. Enter moves on, ↑ goes back. F1 (or ? in an empty field) shows the keys.'

const rows = (width: number, text: string) => {
  const { lastFrame, unmount } = render(
    <Box width={width} flexDirection="column">
      <Text>{text}</Text>
    </Box>,
  )
  const frame = lastFrame() ?? ''
  unmount()
  return frame.split('\n')
}

describe('wrapped text', () => {
  it.each([78, 58, 40, 20])('at %i columns, no row that a wrap made starts with a space, and no word is lost', (width) => {
    const wrapped = rows(width, RECEIVE_HELP)
    expect(wrapped.length).toBeGreaterThan(1)
    for (const row of wrapped) expect(row.startsWith(' '), JSON.stringify(row)).toBe(false)
    expect(wrapped.join(' ').split(/\s+/).filter(Boolean)).toEqual(RECEIVE_HELP.split(' '))
  })

  it('the help at 78 columns (an 80-column terminal, padding 1) breaks as a person reads it', () => {
    expect(rows(78, RECEIVE_HELP).map((r) => r.trimEnd())).toEqual([
      'Scan or type the product (code or name), lot, location; the quantity on each',
      'roll; how many rolls. Enter moves on, ↑ goes back. F1 (or ? in an empty field)',
      'shows the keys.',
    ])
  })

  it('reads CRLF line ends as line ends (an imported note), leaving no carriage return in a row', () => {
    const wrapped = rows(9, 'one two three\r\nfour five')
    expect(wrapped.map((r) => r.trimEnd())).toEqual(['one two', 'three', 'four five'])
    expect(wrapped.join('')).not.toContain('\r')
  })

  it("keeps a line's own indent, on each line of the text", () => {
    expect(rows(20, '  indented line that is long enough\n  second').map((r) => r.trimEnd())).toEqual([
      '  indented line that',
      'is long enough',
      '  second',
    ])
  })
})
