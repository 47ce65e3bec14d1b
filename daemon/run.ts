import { join } from 'node:path'
import { numberStyleHint } from '../protocol/index.js'
import type { ResolvedConfig } from './config.js'
import type { Logger } from './logger.js'
import type { OutpostNode } from './node.js'
import { openNode } from './open-node.js'
import { SocketServer, refuseSecondDaemon } from './socket/server.js'
import { ServicesGate } from './socket/services-gate.js'
import { SignInGuard } from './people/sign-in-guard.js'
import type { Mesh } from './net/mesh.js'
import type { DropFolder } from './catalog/drop-folder.js'
import type { PrintService } from './print/print-service.js'
import { boundHeap } from './memory.js'
import type { Outbox } from './outbox/outbox.js'
import type { Integration } from './inbound/integration.js'
import { Metrics } from './metrics.js'
import { HttpEndpoints } from './http-endpoints.js'
import { reclaimOwnLog } from './backup/reclaim.js'

export interface RunningDaemon {
  node: OutpostNode
  mesh: Mesh | null
  server: SocketServer
  /** The metrics, health and readiness endpoints; null when `metrics.enabled` is false. */
  http: HttpEndpoints | null
  /** The first SIGTERM or SIGINT since the socket listened (perhaps before this was returned). */
  stopSignal: Promise<NodeJS.Signals>
  /** Closes in reverse order of opening: socket first, then the node. */
  /** Closes every part, in order; resolves to how long each took (ms), for the log of a clean stop. */
  stop(): Promise<Record<string, number>>
}

/**
 * Start a node and its socket. `announce` receives the lines a person must see once: the first
 * admin's secret on a new site, and the ready line.
 */
export async function startDaemon(config: ResolvedConfig, logger: Logger, announce: (line: string) => void): Promise<RunningDaemon> {
  boundHeap()
  // What runs only once the node is open (the mesh with HyperDHT, printing, webhooks, the
  // integration) loads while the store opens: loading is CPU, the open mostly waits on the disk.
  // Loaded one after the other they were ~0.25 s of a restart's ~1 s.
  const services = loadServices()
  services.catch(() => undefined) // a failed load is thrown where it is awaited, after the open
  const started = performance.now()
  const step = (what: string) => logger.debug({ ms: Math.round(performance.now() - started) }, what)
  // Before the store: a second daemon on the same data dir met the first one's store lock and
  // died with a stack trace ("File descriptor could not be locked") instead of this one line.
  await refuseSecondDaemon(config.socketPath)
  // The endpoints listen before the node opens: alive (and not ready) through a long open.
  const metrics = new Metrics()
  const http = config.metrics.enabled
    ? new HttpEndpoints({
        port: config.metrics.port,
        metrics,
        socketPath: config.socketPath,
        addressFile: join(config.dataDir, 'endpoints.json'),
        logger,
      })
    : null
  await http?.listen()
  let opened: Awaited<ReturnType<typeof openNode>>
  try {
    await reclaimOwnLog(config, logger, announce)
    opened = await openNode(config, logger)
  } catch (err) {
    await http?.close()
    throw err
  }
  const { node, adminSecret } = opened
  node.board.http = http?.report ?? null
  metrics.attach(node)
  http?.attach(node, false)
  step('node open')
  // The socket listens as soon as the node is open: a restart's status and first scan wait for
  // neither HyperDHT nor the other services, which open right after; a method that needs one
  // waits for it (socket/services-gate.ts).
  const gate = new ServicesGate()
  let server: SocketServer | null = null
  let signalled!: (signal: NodeJS.Signals) => void
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => (signalled = resolve))
  const onSignal = (signal: NodeJS.Signals) => signalled(signal)
  const offSignals = () => {
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
  let mesh: Mesh | null = null
  let printing: PrintService | null = null
  let dropFolder: DropFolder | null = null
  let outbox: Outbox | null = null
  let integration: Integration | null = null
  /**
   * Everything opened so far, in reverse order of opening: socket first, then the node. Returns
   * how long each part took to close: a slow stop (a service manager's or a TUI's kill waits for
   * it) names its part in the log.
   */
  const closeAll = async () => {
    const took: Record<string, number> = {}
    const close = async (part: string, closing: { close(): Promise<void> } | null) => {
      if (closing === null) return
      const from = performance.now()
      await closing.close()
      took[part] = Math.round(performance.now() - from)
    }
    await close('socket', server)
    await close('integration', integration)
    await close('outbox', outbox)
    await close('dropFolder', dropFolder)
    await close('printing', printing)
    await close('mesh', mesh)
    await close('node', node)
    await close('http', http)
    return took
  }
  // From here clients may be connected (the socket accepts before listen() returns): a stop asked
  // waits for the services, then closes all in order; before, a signal ends the process as it
  // always has. One listener from here to the stop: a signal caught by a listener that is then
  // removed is lost (seen: a daemon SIGTERMed as it got ready served on).
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  try {
    const guard = await SignInGuard.open({ path: join(config.dataDir, 'sign-in-guard.json'), logger, ...config.signIn })
    server = new SocketServer({
      path: config.socketPath,
      node,
      services: gate,
      logger,
      maxFrameBytes: config.maxFrameBytes,
      limits: config.socket,
      guard,
      metrics,
    })
    await server.listen()
    step('socket listens')
    const { Mesh, PrintService, DropFolder, Outbox, Integration } = await services
    if (config.network.enabled) {
      mesh = new Mesh({
        node,
        config: config.network,
        dataDir: config.dataDir,
        logger,
        codeTtlMs: config.network.pairCodeTtlMs,
        siteInfo: async () => ({
          siteName: (await node.read.system.site())?.name ?? '',
          encryptionKey: node.encryptionKey?.toString('hex') ?? null,
        }),
      })
      await mesh.open()
      step('mesh open')
    }
    if (config.printers.length > 0) {
      printing = new PrintService(node, config.printers, config.dataDir, logger)
      await printing.open()
      step('printers open')
    }
    if (config.dropFolder !== null) {
      dropFolder = new DropFolder(node, config.dropFolder, logger)
      await dropFolder.open()
    }
    outbox = new Outbox(node, config.webhooks, config.dataDir, logger)
    await outbox.open()
    integration = new Integration(node, config.integration, logger)
    await integration.open()
    gate.opened({ mesh })
    http?.attach(node, true)
  } catch (err) {
    gate.failed(err)
    await closeAll()
    offSignals()
    throw err
  }
  if (adminSecret !== null) {
    announce(
      `New site "${config.siteName}", ${numberStyleHint(config.numberStyle)}. First admin: sign in as "admin" with this one-time secret (shown once): ${adminSecret}`,
    )
  }
  logger.info(
    { socket: config.socketPath, node: node.nodeKey, site: node.siteKey, dht: mesh?.info().address, http: http?.report ?? null },
    'daemon ready',
  )
  announce(`outpost daemon ready on ${config.socketPath}`)
  let stopping: Promise<Record<string, number>> | null = null
  return {
    node,
    mesh,
    server,
    http,
    stopSignal,
    stop: () => {
      stopping ??= (async () => {
        offSignals() // a second signal ends the process
        http?.attach(null, false)
        return await closeAll()
      })()
      return stopping
    },
  }
}

async function loadServices() {
  const [{ Mesh }, { PrintService }, { DropFolder }, { Outbox }, { Integration }] = await Promise.all([
    import('./net/mesh.js'),
    import('./print/print-service.js'),
    import('./catalog/drop-folder.js'),
    import('./outbox/outbox.js'),
    import('./inbound/integration.js'),
  ])
  return { Mesh, PrintService, DropFolder, Outbox, Integration }
}
