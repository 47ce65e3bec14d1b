import { CommanderError } from 'commander'
import { OutpostError } from '../protocol/index.js'
import { CONTROLS } from '../tui/components/printable.js'

/**
 * A message as the terminal shows it: its control characters named (\x1b), not obeyed. An error
 * repeats what was given, and `--station "gr<ESC>[31mill"` turned the person's terminal red.
 */
export const visible = (text: string) => text.replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)

/** The exit code for what a command threw, its one line on stderr written (commander writes its own). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version are not failures; everything else commander refuses is a usage error
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2
  }
  if (err instanceof OutpostError) {
    process.stderr.write(`outpost: ${visible(err.message)} (${err.code})\n`)
    return err.code === 'E_USAGE' ? 2 : 1
  }
  process.stderr.write(`outpost: ${visible(err instanceof Error ? err.message : String(err))}\n`)
  return 1
}
