import { z } from 'zod'
import { DeviceTransport } from './device.js'
import { FileTransport } from './file.js'
import { SerialTransport } from './serial.js'
import { TcpTransport } from './tcp.js'
import type { PrinterTransport } from './transport.js'

export * from './transport.js'

/** How a printer is attached, as a node's config.json says it. */
export const TransportConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9100) }).strict(),
  /** bidirectional: false for a device that cannot answer status queries (written as a file). */
  z.object({ kind: z.literal('device'), path: z.string().min(1), bidirectional: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().positive().default(9600) }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
])
export type TransportConfig = z.output<typeof TransportConfig>

export function openTransport(config: TransportConfig): PrinterTransport {
  switch (config.kind) {
    case 'tcp':
      return new TcpTransport(config.host, config.port)
    case 'device':
      return config.bidirectional ? new DeviceTransport(config.path) : new FileTransport(config.path)
    case 'serial':
      return new SerialTransport(config.path, config.baudRate)
    case 'file':
      return new FileTransport(config.path)
  }
}
