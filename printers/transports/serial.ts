import type { SerialPortStream } from '@serialport/stream'
import { TwoWayTransport } from './transport.js'

/** A printer on a serial port (RS-232, or USB-serial: /dev/ttyUSB0). */
export class SerialTransport extends TwoWayTransport {
  readonly description: string
  private port: SerialPortStream | null = null

  constructor(
    private readonly path: string,
    private readonly baudRate: number,
  ) {
    super()
    this.description = `serial ${path} ${baudRate}`
  }

  protected async connect(): Promise<void> {
    // loaded on first use: the native bindings add about 9 MB to a daemon that drives no serial printer
    const [{ autoDetect }, { SerialPortStream }] = await Promise.all([import('@serialport/bindings-cpp'), import('@serialport/stream')])
    return new Promise((resolve, reject) => {
      const port = new SerialPortStream({ binding: autoDetect(), path: this.path, baudRate: this.baudRate, autoOpen: false })
      this.port = port
      port.open((err) => {
        if (err) return reject(err)
        const on = this.events()
        port.on('data', on.data)
        port.on('error', on.end)
        port.on('close', () => on.end(new Error('the serial port closed')))
        resolve()
      })
    })
  }

  protected write(bytes: Uint8Array): Promise<void> {
    const port = this.port
    if (port === null) return Promise.reject(new Error('not open'))
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err) return reject(err)
        port.drain((e) => (e ? reject(e) : resolve()))
      })
    })
  }

  protected disconnect(): void {
    const port = this.port
    this.port = null
    if (port?.isOpen === true) port.close(() => {})
  }
}
