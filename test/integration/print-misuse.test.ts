import { writeFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../daemon/config.js'
import { OutpostError } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'
import { runCli } from '../helpers/cli.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { DOCUMENTS } from '../printers/documents.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient

beforeAll(async () => {
  daemon = await startInProcessDaemon([{ id: 'ana', name: 'Ana', role: 'picker', pin: '2222' }])
  // the printer "bench" hangs on this node, announced as the print service would
  await daemon.node.append(
    daemon.node.stamp([{ type: 'printing.announce', payload: { id: 'bench', name: 'Bench', profile: 'escpos-58-tr' } }], '@system'),
  )
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
})
afterAll(async () => {
  client.close()
  await daemon.stop()
})

const roll = DOCUMENTS['roll-label']

describe('print methods refuse bad input with one clear line, and keep the queue intact', () => {
  it.each([
    [{ printer: 'bench', document: { ...roll, kind: 'poster' } }, /document.kind/],
    [{ printer: 'bench', document: { ...roll, code: 'ROLL 1' } }, /printable ASCII without spaces/],
    [{ printer: 'bench', document: { ...roll, code: '' } }, /document.code/],
    [{ printer: 'bench', document: { ...roll, symbology: 'qr' } }, /document.symbology/],
    [{ printer: 'Bench!', document: roll }, /printer id/],
    [{ printer: 'bench' }, /document/],
    [{ printer: 'bench', document: { ...DOCUMENTS['kds-chit'], items: [] } }, /document.items/],
    [{ printer: 'bench', document: roll, extra: 1 }, /extra/],
  ])('printing.queue %j', async (params, message) => {
    await expect(client.callRaw('printing.queue', params)).rejects.toThrow(message)
  })

  it('an unknown printer, job or reprint is named in the refusal', async () => {
    await expect(client.call('printing.queue', { printer: 'nowhere', document: roll })).rejects.toThrow(/no printer nowhere in this site/)
    await expect(client.call('printing.cancel', { job: 'nosuchjob01' })).rejects.toThrow(/no print job nosuchjob01/)
    await expect(client.call('printing.reprint', { job: 'nosuchjob01' })).rejects.toThrow(/no print job nosuchjob01/)
    await expect(client.call('printing.preview', { job: 'nosuchjob01' })).rejects.toThrow(/no print job/)
  })

  it('people cannot forge what only a node records: a print, or a printer', async () => {
    const { ids } = await client.call('printing.queue', { printer: 'bench', document: roll })
    await expect(client.call('ops.submit', { ops: [{ type: 'printing.printed', payload: { job: ids[0], copy: false } }] })).rejects.toThrow(
      /made only by a node itself/,
    )
    await expect(
      client.call('ops.submit', { ops: [{ type: 'printing.announce', payload: { id: 'evil', name: 'x', profile: 'escpos-80-tr' } }] }),
    ).rejects.toThrow(/made only by a node itself/)
    expect((await client.call('printing.jobs', {})).find((j) => j.id === ids[0])?.state).toBe('queued')
  })

  it('a picker may queue, cancel and reprint; the preview is the text the printer will print', async () => {
    const picker = await daemon.connect()
    await picker.call('session.signIn', { person: 'ana', pin: '2222' })
    const { ids } = await picker.call('printing.queue', { printer: 'bench', document: { ...roll, name: 'Şile bezi' } })
    const preview = await picker.call('printing.preview', { job: ids[0]! })
    expect(preview.lines[0]).toBe('Şile bezi')
    expect(preview.lines.every((l) => l.length <= 32)).toBe(true) // bench is a 58 mm printer
    expect(preview.bytes).toBeLessThan(1024)
    await picker.call('printing.cancel', { job: ids[0]! })
    picker.close()
  })
})

describe('outpost print and the printer config refuse bad input with one line', () => {
  it('print preview: a missing file, bad JSON, a wrong document, an unknown profile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'op-print-'))
    writeFileSync(join(dir, 'bad.json'), '{ not json')
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ ...roll, quantity: '' }))
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(roll))
    const cases: Array<[string[], RegExp]> = [
      [['print', 'preview', join(dir, 'missing.json')], /cannot read .*missing.json/],
      [['print', 'preview', join(dir, 'bad.json')], /bad.json is not valid JSON/],
      [['print', 'preview', join(dir, 'wrong.json')], /wrong.json: quantity: /],
      [['print', 'preview', join(dir, 'ok.json'), '--profile', 'escpos-99'], /no printer profile escpos-99/],
    ]
    for (const [args, message] of cases) {
      const run = await runCli(args)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
      expect(run.stderr).toMatch(message)
    }
    const ok = await runCli(['print', 'preview', join(dir, 'ok.json'), '--profile', 'escpos-58-we'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('Kuma? Poplin') // a Western European code page has no ş, and the preview says so
  })

  it('a printer in config.json with a bad transport or profile stops the daemon with the field named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'op-cfg-'))
    const bad = [
      [{ id: 'x', name: 'X', profile: 'escpos-80-tr', transport: { kind: 'usb' } }, /printers.0.transport/],
      [{ id: 'x', name: 'X', profile: 'a4-laser', transport: { kind: 'file', path: '/tmp/x' } }, /printers.0.profile/],
      [{ id: 'x', name: 'X', profile: 'escpos-80-tr', transport: { kind: 'tcp', host: 'p', port: 70000 } }, /printers.0.transport.port/],
    ] as const
    const file = { kind: 'file', path: '/tmp/x' }
    const twice = [
      { id: 'x', name: 'X', profile: 'escpos-80-tr', transport: file },
      { id: 'x', name: 'Y', profile: 'escpos-58-tr', transport: file },
    ]
    for (const [printers, message] of [...bad.map(([p, m]) => [[p], m] as const), [twice, /two printers have the same id/] as const]) {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ printers }))
      let error: unknown = null
      try {
        resolveConfig({ dataDir: dir, env: {} })
      } catch (err) {
        error = err
      }
      expect(error).toBeInstanceOf(OutpostError)
      expect((error as Error).message).toMatch(message)
    }
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        printers: [{ id: 'lp', name: 'LP', profile: 'escpos-58-we', transport: { kind: 'device', path: '/dev/usb/lp0' } }],
      }),
    )
    expect(resolveConfig({ dataDir: dir, env: {} }).printers[0]).toMatchObject({ timeoutMs: 5000, transport: { bidirectional: true } })
  })
})
