import { closeSync, openSync } from 'node:fs'

/**
 * Node resets the terminal's modes on exit (ResetStdio), for every stdio descriptor that was a
 * terminal when it started. On a terminal that has hung up that reset fails, and Node 20 aborts
 * (an assertion; later Node releases ignore the error): a daemon that outlived its SSH session
 * died by SIGABRT at its graceful stop instead of exiting 0. Node skips a descriptor that has
 * since been reopened on another file, so once the terminal is gone, stdio is pointed at
 * /dev/null: there is nobody to read it anyway.
 */
let hungUp = false

export function terminalHungUp(): void {
  hungUp = true
}

/** Call right before process.exit. */
export function releaseTerminal(): void {
  if (!hungUp) return
  for (const fd of [0, 1, 2]) {
    closeSync(fd)
    // open() takes the lowest free descriptor: the one just closed
    const reopened = openSync('/dev/null', 'r+')
    if (reopened !== fd) throw new Error(`/dev/null opened as ${reopened}, not ${fd}`)
  }
}

/**
 * Wait until stdout and stderr have taken what was written: exit drops what a full pipe has not
 * taken yet (seen: `outpost rpc --list | less` cut at 64 KiB). A reader that went away meanwhile
 * (`| head -1`) fails the wait with EPIPE: then nothing is wanted, and the command ends as it would
 * have. Only this wait listens: a running TUI or daemon keeps its own handling of a terminal gone.
 */
export async function outputTaken(): Promise<void> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      (out) =>
        new Promise<void>((done) => {
          out.once('error', () => done())
          out.write('', () => done())
        }),
    ),
  )
}
