// Pure rendering and status decoding. Transports (Node I/O) are in printers/transports/, the PNG
// preview in printers/preview-png.ts, the virtual printer in printers/sim/.
export * from './documents.js'
export * from './layout.js'
export * from './profiles.js'
export * from './render.js'
export * from './status.js'
