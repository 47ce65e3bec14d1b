import { rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { OutpostError, errorFrame } from '../../protocol/index.js'

/** A request line longer than this is not one: the connection is closed. */
const MAX_LINE = 64 * 1024

/**
 * The socket while a restored node takes its own log back (daemon/backup/reclaim.ts): the node is
 * not open, and every request, a write above all, is answered with E_RECLAIMING and why, instead
 * of a client finding no daemon at all and a person guessing.
 */
export class ReclaimSocket {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  reason: string

  constructor(
    private readonly path: string,
    reason: string,
  ) {
    this.reason = reason
    this.server = createServer((socket) => this.serve(socket))
  }

  async listen(): Promise<void> {
    await rm(this.path, { force: true })
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.path, () => resolve())
    })
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    let buffered = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      if (buffered.length > MAX_LINE && !buffered.includes('\n')) return socket.destroy()
      let at: number
      while ((at = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, at)
        buffered = buffered.slice(at + 1)
        socket.write(errorFrame(requestId(line), new OutpostError('E_RECLAIMING', this.reason)))
      }
    })
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
    await rm(this.path, { force: true })
  }
}

/** The id of a JSON-RPC request line, null when it has none that can be read. */
function requestId(line: string): string | number | null {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id
    return typeof id === 'string' || typeof id === 'number' ? id : null
  } catch {
    return null
  }
}
