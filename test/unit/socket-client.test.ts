import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'

// A stand-in daemon that answers each request line with whatever `reply` makes of it.
let server: Server | null = null
let dir = ''
afterEach(async () => {
  await new Promise<void>((r) => (server === null ? r() : server.close(() => r())))
  server = null
  await rm(dir, { recursive: true, force: true })
})

async function fakeDaemon(reply: (socket: Socket, line: string) => void): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'op-sc-'))
  const path = join(dir, 'd.sock')
  server = createServer((socket) => {
    socket.setEncoding('utf8')
    socket.on('data', (line: string) => reply(socket, line.trim()))
  })
  await new Promise<void>((r) => server!.listen(path, r))
  return path
}

describe('SocketClient reads bytes the way the daemon does', () => {
  it('a reply with a euro sign cut between two writes is decoded whole', async () => {
    const path = await fakeDaemon((socket, line) => {
      const id = (JSON.parse(line) as { id: number }).id
      const bytes = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id, result: { text: '€' } }) + '\n')
      const cut = bytes.indexOf(Buffer.from('€')) + 1
      socket.write(bytes.subarray(0, cut))
      setTimeout(() => socket.write(bytes.subarray(cut)), 20)
    })
    const client = await SocketClient.connect(path)
    expect(await client.callRaw('anything', {})).toEqual({ text: '€' })
    client.close()
  })

  it('a reply that is not UTF-8 fails the call with E_PARSE, and later calls too', async () => {
    const path = await fakeDaemon((socket) =>
      socket.write(Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"result":"'), Buffer.of(0xff), Buffer.from('"}\n')])),
    )
    const client = await SocketClient.connect(path)
    await expect(client.callRaw('anything', {})).rejects.toMatchObject({
      code: 'E_PARSE',
      message: 'the daemon sent a reply that is not UTF-8',
    })
    await expect(client.callRaw('again', {})).rejects.toMatchObject({ code: 'E_PARSE' })
    client.close()
  })
})
