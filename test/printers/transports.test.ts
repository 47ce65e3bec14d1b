import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PROFILES, render } from '../../printers/index.js'
import { VirtualPrinter } from '../../printers/sim/virtual-printer.js'
import { DeviceTransport } from '../../printers/transports/device.js'
import { FileTransport } from '../../printers/transports/file.js'
import { SerialTransport } from '../../printers/transports/serial.js'
import { TcpTransport } from '../../printers/transports/tcp.js'
import { TransportError, type PrinterTransport } from '../../printers/transports/index.js'
import { hasTool, skipReason } from '../helpers/tools.js'
import { DOCUMENTS } from './documents.js'
import { eventually } from '../helpers/eventually.js'

const label = render(DOCUMENTS['roll-label'], PROFILES['escpos-80-tr'])

let printer: VirtualPrinter
beforeEach(async () => {
  printer = new VirtualPrinter({ port: 0 })
  await printer.powerOn()
})
afterEach(async () => {
  await printer.close()
})

/** What every two-way transport must do against the virtual printer. */
async function exercise(transport: PrinterTransport): Promise<void> {
  expect(await transport.status(2000)).toMatchObject({ paperOut: false, offline: false })
  await transport.send(label, 2000)
  expect(printer.jobs).toHaveLength(1)
  expect(printer.jobs[0]).toMatchObject({ printed: true, barcodes: [{ symbology: 'code128', value: 'ROLL-2026-000123' }] })
  await printer.command('paper out')
  expect(await transport.status(2000)).toMatchObject({ paperOut: true })
  await printer.command('paper ok')
  await printer.command('cover open')
  expect(await transport.status(2000)).toMatchObject({ coverOpen: true, paperOut: false })
  await transport.close()
}

describe('tcp transport', () => {
  it('asks status, sends a job the printer confirms, and sees paper out and cover open', async () => {
    await exercise(new TcpTransport('127.0.0.1', printer.port))
  })

  it('a printer switched off is an error at once; switched on again, the same transport reconnects', async () => {
    const transport = new TcpTransport('127.0.0.1', printer.port)
    await transport.status(1000)
    await printer.powerOff()
    await expect(transport.status(1000)).rejects.toThrow(TransportError)
    await expect(transport.status(1000)).rejects.toThrow(/ECONNREFUSED/)
    await printer.powerOn()
    expect(await transport.status(1000)).toMatchObject({ offline: false })
    await transport.send(label, 1000)
    expect(printer.jobs.filter((j) => j.printed)).toHaveLength(1)
    await transport.close()
  })

  it('a printer that accepts the connection and never answers times out, within the time-out', async () => {
    const silent: Server = createServer((socket) => socket.on('data', () => {}))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    const transport = new TcpTransport('127.0.0.1', port)
    const started = performance.now()
    await expect(transport.status(300)).rejects.toThrow(/no answer to the status query in 300 ms/)
    await expect(transport.send(label, 300)).rejects.toThrow(/no answer to the job in 300 ms/)
    expect(performance.now() - started).toBeLessThan(1500)
    await transport.close()
    silent.close()
  })

  it('a late answer is never taken for the answer to the next question', async () => {
    // a printer that answers its first query 400 ms late, then at once
    let first = true
    let lateAnswered = false
    const slow: Server = createServer((socket) =>
      socket.on('data', (chunk) => {
        const answers = Buffer.alloc(chunk.filter((b) => b === 0x04).length, first ? 0x1a : 0x12)
        const delay = first ? 400 : 0
        first = false
        setTimeout(() => {
          if (delay > 0) lateAnswered = true
          if (socket.writable) socket.write(answers)
        }, delay)
      }),
    )
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    const transport = new TcpTransport('127.0.0.1', (slow.address() as { port: number }).port)
    await expect(transport.status(200)).rejects.toThrow(/no answer/)
    await eventually(() => lateAnswered, 'the printer to give its late answer')
    // the late "offline" answers went to a connection that was dropped: this one reads ready
    expect(await transport.status(1000)).toMatchObject({ offline: false })
    await transport.close()
    slow.close()
  })
})

describe('file transport', () => {
  it('appends each job to the file and cannot ask for status', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'outpost-file-')), 'lp0')
    const transport = new FileTransport(path)
    expect(await transport.status()).toBeNull()
    await transport.send(label)
    await transport.send(label)
    expect(readFileSync(path).length).toBe(label.length * 2)
  })
})

const socat = hasTool('socat', '-V')
describe(`serial and device transports, through a pseudo-terminal linked to the virtual printer by socat${skipReason('socat', socat)}`, () => {
  let link: ChildProcess
  let path: string
  beforeEach(async () => {
    if (!socat) return
    path = join(mkdtempSync(join(tmpdir(), 'outpost-pty-')), 'ttyPRINTER')
    link = spawn('socat', [`pty,link=${path},raw,echo=0`, `tcp:127.0.0.1:${printer.port}`], { stdio: 'ignore' })
    await eventually(() => existsSync(path), `socat to make ${path}`, { timeoutMs: 10_000, intervalMs: 20 })
  })
  afterEach(() => {
    link?.kill()
  })

  it.skipIf(!socat)('serial: status, a confirmed job, paper out and cover open', async () => {
    await exercise(new SerialTransport(path, 19200))
  })

  it.skipIf(!socat)('device file: the same, read without blocking', async () => {
    await exercise(new DeviceTransport(path))
  })
})
