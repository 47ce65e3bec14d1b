import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { TwoWayTransport } from './transport.js'

/**
 * A printer's device file (/dev/usb/lp0, or a tty), read and written without blocking: a read on
 * a device that has nothing to say would otherwise hold one of libuv's four threads forever.
 * Answers are polled every few milliseconds while a query waits.
 */
export class DeviceTransport extends TwoWayTransport {
  readonly description: string
  private file: FileHandle | null = null

  constructor(private readonly path: string) {
    super()
    this.description = `device ${path}`
  }

  protected async connect(): Promise<void> {
    const file = await open(this.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY)
    this.file = file
    void this.poll(file, this.events())
  }

  /** Read this connection's answers until it is closed or replaced. */
  private async poll(file: FileHandle, on: ReturnType<TwoWayTransport['events']>): Promise<void> {
    const buffer = Buffer.alloc(64)
    try {
      while (this.file === file) {
        try {
          const { bytesRead } = await file.read(buffer, 0, buffer.length, null)
          if (bytesRead > 0) on.data(buffer.subarray(0, bytesRead))
          else await sleep(5)
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err
          await sleep(5)
        }
      }
    } catch (err) {
      on.end(err as Error)
    }
  }

  protected async write(bytes: Uint8Array): Promise<void> {
    const file = this.file
    if (file === null) throw new Error('not open')
    let offset = 0
    while (offset < bytes.length) {
      try {
        const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset, null)
        offset += bytesWritten
      } catch (err) {
        // the printer's buffer is full: it drains as it prints
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err
        await sleep(5)
      }
    }
  }

  protected disconnect(): void {
    const file = this.file
    this.file = null
    void file?.close().catch(() => {})
  }
}
