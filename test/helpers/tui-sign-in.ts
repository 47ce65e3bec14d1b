import type { render } from 'ink-testing-library'
import { waitForFrame } from './frames.js'

/** Type as a person does: each key its own chunk, and the frame shows it before the next. */
export async function typeSlowly(ui: ReturnType<typeof render>, text: string, shows: (frame: string, typed: string) => boolean) {
  for (let i = 0; i < text.length; i++) {
    ui.stdin.write(text[i]!)
    const typed = text.slice(0, i + 1)
    await waitForFrame(ui.lastFrame, (f) => shows(f, typed), `"${typed}" to show`)
  }
}

export async function signIn(ui: ReturnType<typeof render>, person: string, pin: string) {
  await waitForFrame(ui.lastFrame, (f) => f.includes('Sign in') && f.includes('Test depot'), 'the sign-in screen')
  await typeSlowly(ui, person, (f, typed) => f.includes(`[${typed}`))
  ui.stdin.write('\r')
  await waitForFrame(ui.lastFrame, (f) => /PIN\s+\[ /.test(f) || f.includes('PIN'), 'the PIN field')
  await typeSlowly(ui, pin, (f, typed) => f.includes('•'.repeat(typed.length)))
  ui.stdin.write('\r')
}
