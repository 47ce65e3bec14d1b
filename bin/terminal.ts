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
