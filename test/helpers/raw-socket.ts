import { connect, type Socket } from 'node:net'

/** A bare socket to send hand-made frames, and read back reply lines, as a misbehaving client would. */
export class RawSocket {
  private buffer = ''
  private readonly waiters: Array<() => void> = []
  closed = false

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (c: string) => {
      this.buffer += c
      this.wake()
    })
    socket.on('close', () => {
      this.closed = true
      this.wake()
    })
    socket.on('error', () => undefined)
  }

  static open(path: string): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const s = connect(path, () => resolve(new RawSocket(s)))
      s.once('error', reject)
    })
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  write(text: string): void {
    this.socket.write(text)
  }

  /** The next reply line, parsed. */
  async nextLine(): Promise<Record<string, unknown>> {
    for (;;) {
      const nl = this.buffer.indexOf('\n')
      if (nl !== -1) {
        const line = this.buffer.slice(0, nl)
        this.buffer = this.buffer.slice(nl + 1)
        return JSON.parse(line) as Record<string, unknown>
      }
      if (this.closed) throw new Error('socket closed before a reply')
      await new Promise<void>((r) => this.waiters.push(r))
    }
  }

  async untilClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r))
  }

  close(): void {
    this.socket.destroy()
  }
}
