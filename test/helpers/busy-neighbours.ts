import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll } from 'vitest'

/**
 * The tests that send scans to the TUI run with two busy processes beside them: a field terminal
 * shares its cores (a Pi also folds, prints and syncs), and a scan's characters are delayed by a
 * loaded sender (seen, issue #15: scans split only when the machine was loaded). Only those: the
 * neighbours spin for their file's whole run, and on all the tmux files they burned about a third
 * of CI's two cores (the kitchen board's files, which send no scans, a minute and a half of it). On by default, so a
 * person's run shows what CI shows; OUTPOST_TEST_LOAD=0 turns it off for a quick run on a busy
 * laptop. The TUI starts slower beside them (seen: over 15 s to the sign-in screen at load 30), so
 * the tests wait a minute for it. Each process ends by itself after ten minutes or when its parent is gone, so none outlives a
 * crashed test run.
 */
export function busyNeighboursForThisFile(count = 2): void {
  const busy: ChildProcess[] = []
  beforeAll(() => {
    if (process.env.OUTPOST_TEST_LOAD === '0') return
    for (let i = 0; i < count; i++) busy.push(busyProcess())
  })
  afterAll(() => {
    for (const p of busy.splice(0)) p.kill('SIGKILL')
  })
}

const BUSY_LOOP = `
const parent = process.ppid
const end = Date.now() + 600_000
for (let i = 1; Date.now() < end; i++) {
  if (i % 1_000_000 === 0) {
    try { process.kill(parent, 0) } catch { break }
  }
}`

function busyProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' })
}
