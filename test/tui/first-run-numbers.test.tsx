import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import type { NumberStyle } from '../../protocol/index.js'
import { FirstRunApp, type FirstRunOutcome } from '../../tui/screens/first-run.js'
import { waitForFrame } from '../helpers/frames.js'

/** Founding a site from the TUI asks how it writes numbers, offering the system locale's style first. */
function firstRun(suggestedStyle: NumberStyle | null) {
  const result: { outcome: FirstRunOutcome | null; style: NumberStyle | undefined } = { outcome: null, style: undefined }
  const ui = render(
    <FirstRunApp
      dataDir="/tmp/nowhere"
      burstGapMs={30}
      suggestedStyle={suggestedStyle}
      join={() => Promise.reject(new Error('not in this test'))}
      done={(o, style) => {
        result.outcome = o
        result.style = style
      }}
    />,
  )
  return { ui, result }
}
const settle = () => new Promise((r) => setTimeout(r, 50))

describe('founding a site from the TUI: its number style', () => {
  it.each([
    ['comma', '\r', 'comma'],
    ['point', '\r', 'point'],
    ['point', '1', 'comma'], // the suggestion is only offered
    [null, '2', 'point'],
  ] as const)('suggested %s, key %j: founded with %s', async (suggested, key, style) => {
    const { ui, result } = firstRun(suggested)
    await waitForFrame(ui.lastFrame, (f) => f.includes('1 Found a new site'), 'the choice')
    await settle()
    ui.stdin.write('1')
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('How does this site write numbers?'), 'the style question')
    expect(frame).toContain('1 1.234,5')
    expect(frame).toContain('2 1,234.5')
    if (suggested === null) expect(frame).not.toContain('Enter:')
    else expect(frame).toContain(`Enter: ${suggested === 'comma' ? '1.234,5' : '1,234.5'}, as this system writes numbers`)
    await settle()
    ui.stdin.write(key)
    await waitForFrame(
      () => String(result.outcome),
      (o) => o === 'found',
      'the outcome',
    )
    expect(result.style).toBe(style)
    ui.unmount()
  })

  it('with no suggestion, Enter founds nothing: the style is chosen, never assumed; Esc goes back', async () => {
    const { ui, result } = firstRun(null)
    await waitForFrame(ui.lastFrame, (f) => f.includes('1 Found a new site'), 'the choice')
    await settle()
    ui.stdin.write('1')
    await waitForFrame(ui.lastFrame, (f) => f.includes('How does this site write numbers?'), 'the style question')
    await settle()
    ui.stdin.write('\r')
    await settle()
    expect(result.outcome).toBeNull()
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => f.includes('1 Found a new site'), 'the choice again')
    expect(result.outcome).toBeNull()
    ui.unmount()
  })
})
