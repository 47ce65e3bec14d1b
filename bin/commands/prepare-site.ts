import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ResolvedConfig } from '../../daemon/config.js'
import { createLogger, type Logger } from '../../daemon/logger.js'
import { openNode } from '../../daemon/open-node.js'
import { refuseSecondDaemon } from '../../daemon/socket/server.js'
import type { NumberStyle } from '../../protocol/index.js'
import type { VirtualPrinter } from '../../printers/sim/virtual-printer.js'

/**
 * The demo (demo/, its own compile unit) is imported only for --demo, never statically: a single
 * executable of the product need not carry it.
 */
export async function loadDemo() {
  const [site, printer] = await Promise.all([import('../../demo/demo-site.js'), import('../../demo/demo-printer.js')])
  return { ...site, ...printer }
}
export type Demo = Awaited<ReturnType<typeof loadDemo>>

/**
 * Found the site of a new data dir in this process (the demo's seeded with its stock, staff and
 * orders); returns what the person must see once. The TUI runs it before it starts a daemon, and so
 * does `outpost --demo daemon`, so that both open the same demo.
 */
export async function prepareSite(config: ResolvedConfig, demo: Demo | null, numberStyle: NumberStyle | null): Promise<string | null> {
  const { node, adminSecret } = await openNode(
    config,
    createLogger('silent'),
    demo !== null ? { adminSecret: demo.DEMO_ADMIN_SECRET, siteName: demo.DEMO_SITE_NAME, numberStyle } : { numberStyle },
  )
  try {
    if (adminSecret === null) return null
    if (demo !== null) {
      await demo.seedDemoSite(node)
      // a sheet of every demo code, for a person with a real scanner to print and try
      const { barcodeSheetPng } = await import('../../printers/preview-png.js')
      writeFileSync(join(config.dataDir, 'demo-barcodes.png'), barcodeSheetPng(demo.demoBarcodes()))
      return null
    }
    return `New site. First admin: staff id "admin", one-time secret ${adminSecret} — write it down, it is shown only now.`
  } finally {
    await node.close()
  }
}

/**
 * `outpost --demo daemon`: the demo site as `outpost --demo` founds it, and the demo's virtual
 * printer in this process (the TUI runs it beside the daemon it starts). Alone, the daemon founded
 * a plain site in the demo's data dir, or logged the demo's printer unreachable with no word why.
 */
export async function openDemo(config: ResolvedConfig, logger: Logger): Promise<VirtualPrinter> {
  // a demo daemon that runs already keeps its printer: config.json's port is not rewritten under it
  await refuseSecondDaemon(config.socketPath)
  const demo = await loadDemo()
  await prepareSite(config, demo, demo.DEMO_NUMBER_STYLE)
  const printer = await demo.startDemoPrinter(config.dataDir)
  logger.info(
    { printer: demo.DEMO_PRINTER_ID, journal: join(config.dataDir, 'virtual-printer.jsonl') },
    "the demo's virtual printer runs in this process while it runs",
  )
  return printer
}
