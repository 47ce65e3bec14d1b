import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SocketClient } from '../../client/socket-client.js'
import { startBenchDaemon } from './bench-daemon.js'
import { printTable, verdict } from './table.js'

/** Connections the attacker keeps busy, each sending its next guess as soon as one is answered. */
const CONNECTIONS = 50

interface Tally {
  sent: number
  checked: number
  outcomes: Record<string, number>
}

/**
 * `npm run bench -- pin-guess [seconds]`: how fast PINs can be guessed through the socket, as
 * an attacker with many connections would, against one person and against the node as a whole
 * (a new person id with every guess). "Checked" counts the guesses the daemon answered with a
 * verdict on the PIN; refusals without a check (locked out, rate-limited) are no guesses.
 * PIN_GUESS_BIN=<another build's dist/app/outpost.js> measures that build instead.
 */
export async function benchPinGuess(bin: string, seconds: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-pin-'))
  const daemon = await startBenchDaemon(process.env.PIN_GUESS_BIN ?? bin, dir)
  try {
    const admin = await daemon.connect()
    await admin.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
    await admin.call('people.add', { id: 'ana', name: 'Ana', role: 'picker', pin: '4821' })
    admin.close()
    const socketPath = join(dir, 'outpost.sock')
    let n = 0
    const onePerson = await attack(socketPath, seconds, () => ({ person: 'ana', pin: String(1000 + (n++ % 3000)) }))
    const wholeNode = await attack(socketPath, seconds, () => ({ person: `guess-${n++}`, pin: '0000' }))
    const rate = (t: Tally) => (t.checked / seconds).toFixed(2)
    printTable(
      `PIN guessing over the socket, ${CONNECTIONS} connections, ${seconds} s each (${process.env.PIN_GUESS_BIN ?? 'this build'})`,
      [
        {
          measure: 'one person: PINs checked',
          value: String(onePerson.checked),
          target: '<= 5 (then locked 30 s)',
          verdict: verdict(onePerson.checked <= 5),
        },
        { measure: 'one person: PINs checked per second', value: rate(onePerson), target: '', verdict: '' },
        {
          measure: 'whole node: PINs checked per second',
          value: rate(wholeNode),
          target: '<= 5 (+ a burst of 10)',
          verdict: verdict(wholeNode.checked <= 5 * seconds + 10),
        },
      ],
    )
    process.stdout.write(
      `answers, one person: ${JSON.stringify(onePerson.outcomes)}\nanswers, whole node: ${JSON.stringify(wholeNode.outcomes)}\n`,
    )
  } finally {
    await daemon.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

async function attack(socketPath: string, seconds: number, next: () => { person: string; pin: string }): Promise<Tally> {
  const tally: Tally = { sent: 0, checked: 0, outcomes: {} }
  const deadline = performance.now() + seconds * 1000
  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => SocketClient.connect(socketPath)))
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        tally.sent++
        const code = await client.call('session.signIn', next()).then(
          () => 'ok',
          (err: { code?: string }) => err.code ?? 'no code',
        )
        tally.outcomes[code] = (tally.outcomes[code] ?? 0) + 1
        if (code === 'E_BAD_CREDENTIALS' || code === 'ok') tally.checked++
        // a refusal is answered at once: pace the loop so the attack does not only measure the socket
        if (code === 'E_LOCKED_OUT' || code === 'E_RATE_LIMITED') await new Promise((r) => setTimeout(r, 20))
      }
    }),
  )
  for (const client of clients) client.close()
  return tally
}
