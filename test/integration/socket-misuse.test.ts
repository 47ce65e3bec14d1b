import { readFile } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { RawSocket } from '../helpers/raw-socket.js'

// One real daemon process for the whole file: every misuse must leave it answering.
let daemon: DaemonProcess
let removeDir: () => Promise<void>

beforeAll(async () => {
  const tmp = await tempDataDir()
  removeDir = tmp.remove
  daemon = await startDaemonProcess(tmp.dir)
})
afterAll(async () => {
  expect(await daemon.stop()).toBe(0)
  await removeDir()
})

async function errorOf(frame: string): Promise<{ id: unknown; error: { code: number; message: string; data: { code: string } } }> {
  const sock = await RawSocket.open(daemon.socketPath)
  try {
    sock.write(frame)
    return (await sock.nextLine()) as never
  } finally {
    sock.close()
  }
}

async function expectStillAnswering(): Promise<void> {
  const client = await daemon.connect()
  const status = await client.call('system.status')
  expect(status.node.key).toMatch(/^[0-9a-f]{64}$/)
  client.close()
}

const request = (method: string, params?: unknown, id: number | string = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }) + '\n'

describe('socket misuse: each refused with its message, the daemon keeps answering', () => {
  it('malformed JSON', async () => {
    const reply = await errorOf('{"jsonrpc": "2.0", "id": 1, "method": \n')
    expect(reply.error.data.code).toBe('E_PARSE')
    expect(reply.error.code).toBe(-32700)
    expect(reply.error.message).toBe('frame is not valid JSON')
    await expectStillAnswering()
  })

  it('JSON that is not a request', async () => {
    for (const frame of ['[1,2,3]\n', '"hello"\n', '{"id":7,"method":42}\n', 'null\n']) {
      const reply = await errorOf(frame)
      expect(reply.error.data.code).toBe('E_INVALID_REQUEST')
    }
    const withId = await errorOf('{"id":7,"method":"system.status"}\n')
    expect(withId.id).toBe(7)
    await expectStillAnswering()
  })

  it('a 100 MB frame is refused before it is buffered, and the connection is closed', async () => {
    const sock = await RawSocket.open(daemon.socketPath)
    const chunk = 'x'.repeat(1024 * 1024)
    const rssBefore = await daemonRss()
    let written = 0
    // write until the daemon closes the connection or 100 MB went out
    while (!sock.closed && written < 100 * 1024 * 1024) {
      const ok = sock.socket.write(chunk)
      written += chunk.length
      // as a real client would: wait until the daemon reads more (or closes) before writing on
      if (!ok) await new Promise((r) => (sock.socket.once('drain', r), sock.socket.once('close', r)))
    }
    const reply = await sock.nextLine()
    expect(reply).toMatchObject({ id: null, error: { data: { code: 'E_FRAME_TOO_LARGE' } } })
    expect(String((reply.error as { message: string }).message)).toContain('frame larger than 1048576 bytes')
    await sock.untilClosed()
    expect(written).toBeLessThan(100 * 1024 * 1024) // it stopped reading long before 100 MB
    expect((await daemonRss()) - rssBefore).toBeLessThan(50 * 1024 * 1024)
    await expectStillAnswering()
  })

  it('a client pipelining 20 MB and never reading is stopped: RSS bounded, others answered', async () => {
    // seen (issue #14): RSS 195 -> 907 MB, never returned, and another client waited for minutes
    const rssBefore = await daemonVmRss()
    const flood = await new Promise<Socket>((resolve, reject) => {
      const s = connect(daemon.socketPath, () => resolve(s))
      s.once('error', reject)
    })
    flood.on('error', () => undefined)
    flood.pause() // never reads a reply
    const frames: string[] = []
    for (let id = 1, size = 0; size < 20 * 1024 * 1024; id++) {
      frames.push(request('system.status', undefined, id))
      size += frames.at(-1)!.length
    }
    // all at once, as the finding did: what the daemon does not take waits in this process
    flood.write(frames.join(''))
    let peak = 0
    try {
      for (let i = 0; i < 10; i++) {
        const started = Date.now()
        const other = await daemon.connect()
        let timer: NodeJS.Timeout | undefined
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('another client not answered within 5 s')), 5000)
        })
        const status = await Promise.race([other.call('system.status'), late]).finally(() => clearTimeout(timer))
        other.close()
        expect(status.node.key).toMatch(/^[0-9a-f]{64}$/)
        expect(Date.now() - started).toBeLessThan(5000)
        peak = Math.max(peak, await daemonVmRss())
      }
      // it stopped reading: most of the 20 MB never left this process
      expect(flood.writableLength).toBeGreaterThan(15 * 1024 * 1024)
      expect(peak - rssBefore).toBeLessThan(100 * 1024 * 1024)
    } finally {
      flood.destroy()
    }
  })

  it('unknown method', async () => {
    const reply = await errorOf(request('stock.teleport', {}))
    expect(reply.error).toMatchObject({ code: -32601, data: { code: 'E_UNKNOWN_METHOD' } })
    expect(reply.error.message).toContain('unknown method stock.teleport')
    await expectStillAnswering()
  })

  it('wrong parameter types', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['session.signIn', { person: 42, pin: '1234' }, 'person'],
      ['session.signIn', { person: 'admin' }, 'pin'],
      ['notes.list', { limit: 'ten' }, 'limit'],
      ['system.status', { extra: true }, 'extra'],
      ['audit.list', 'not an object', 'audit.list'],
    ]
    for (const [method, params, mention] of cases) {
      const reply = await errorOf(request(method, params))
      expect(reply.error.data.code).toBe('E_INVALID_PARAMS')
      expect(reply.error.message).toContain(mention)
    }
    await expectStillAnswering()
  })

  it('no sign-in', async () => {
    for (const method of ['notes.post', 'people.list', 'audit.list', 'ops.submit', 'people.add']) {
      const params =
        method === 'notes.post'
          ? { text: 'hi' }
          : method === 'ops.submit'
            ? { ops: [{ type: 'notes.post', payload: { text: 'x' } }] }
            : method === 'people.add'
              ? { id: 'eve', name: 'Eve', role: 'admin', pin: '1234' }
              : {}
      const reply = await errorOf(request(method, params))
      expect(reply.error.data.code).toBe('E_NOT_SIGNED_IN')
    }
    await expectStillAnswering()
  })

  it('wrong PIN, then wrong role', async () => {
    const admin = await daemon.connect()
    await expect(admin.call('session.signIn', { person: 'admin', pin: 'WRONG-PIN' })).rejects.toMatchObject({ code: 'E_BAD_CREDENTIALS' })
    await admin.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
    await admin.call('people.add', { id: 'pia', name: 'Pia Picker', role: 'picker', pin: '4321' })
    const picker = await daemon.connect()
    await picker.call('session.signIn', { person: 'pia', pin: '4321' })
    await expect(picker.call('audit.list', {})).rejects.toMatchObject({ code: 'E_FORBIDDEN', message: 'a picker may not call audit.list' })
    await expect(picker.call('people.add', { id: 'eve', name: 'Eve', role: 'admin', pin: '1234' })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    })
    await expect(
      picker.callRaw('ops.submit', { ops: [{ type: 'mesh.removeNode', payload: { key: 'a'.repeat(64) } }] }),
    ).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
      message: 'a picker may not mesh.removeNode',
    })
    await expect(picker.call('people.setPin', { id: 'admin', pin: '0000' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' })
    // and what a picker may do still works on the same connection
    await picker.call('notes.post', { text: 'rack C label missing' })
    picker.close()
    admin.close()
    await expectStillAnswering()
  })

  it('bad operations in ops.submit name the operation and field; nothing of the group is appended', async () => {
    const admin = await daemon.connect()
    await admin.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
    const before = await admin.call('system.status')
    await expect(
      admin.callRaw('ops.submit', {
        ops: [
          { type: 'notes.post', payload: { text: 'fine' } },
          { type: 'notes.post', payload: { text: 7 } },
        ],
      }),
    ).rejects.toMatchObject({ code: 'E_INVALID_PARAMS', message: expect.stringContaining('ops[1].payload.text') })
    await expect(
      admin.callRaw('ops.submit', { ops: [{ type: 'site.create', payload: { name: 'x', nodeName: 'y' } }] }),
    ).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    })
    await expect(admin.callRaw('ops.submit', { ops: [{ type: 'future.op', payload: {} }] })).rejects.toMatchObject({
      code: 'E_INVALID_PARAMS',
    })
    await expect(admin.callRaw('ops.submit', { ops: [] })).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' })
    const after = await admin.call('system.status')
    expect(after.view.seq).toBe(before.view.seq)
    admin.close()
  })

  it('many bad frames on one connection each get an answer, in order', async () => {
    const sock = await RawSocket.open(daemon.socketPath)
    sock.write('nope\n' + request('nope.nope', {}, 2) + request('system.status', {}, 3))
    expect((await sock.nextLine()).error).toMatchObject({ data: { code: 'E_PARSE' } })
    expect(await sock.nextLine()).toMatchObject({ id: 2, error: { data: { code: 'E_UNKNOWN_METHOD' } } })
    expect(await sock.nextLine()).toMatchObject({ id: 3, result: { site: { name: 'Outpost site' } } })
    sock.close()
  })
})

/** VmRSS from /proc/<pid>/status, in bytes. */
async function daemonVmRss(): Promise<number> {
  const status = await readFile(`/proc/${daemon.proc.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024
}

async function daemonRss(): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const statm = await readFile(`/proc/${daemon.proc.pid}/statm`, 'utf8')
  return Number(statm.split(' ')[1]) * 4096
}
