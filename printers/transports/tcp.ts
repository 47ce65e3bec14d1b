import { Socket } from 'node:net'
import { TwoWayTransport } from './transport.js'

/** A network printer's raw port (9100, "JetDirect"). */
export class TcpTransport extends TwoWayTransport {
  readonly description: string
  private socket: Socket | null = null

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super()
    this.description = `tcp ${host}:${port}`
  }

  protected connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new Socket()
      this.socket = socket
      socket.setNoDelay(true)
      socket.once('error', reject)
      socket.connect(this.port, this.host, () => {
        socket.off('error', reject)
        const on = this.events()
        socket.on('error', on.end)
        socket.on('close', () => on.end(new Error('the printer closed the connection')))
        socket.on('data', on.data)
        resolve()
      })
    })
  }

  protected write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket
    if (socket === null) return Promise.reject(new Error('not connected'))
    return new Promise((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())))
  }

  protected disconnect(): void {
    this.socket?.destroy()
    this.socket = null
  }
}
