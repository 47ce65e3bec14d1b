import { useState } from 'react'
import type { PrintDocument, PrinterRecord } from '../../protocol/index.js'
import type { Outcome } from '../components/outcome-line.js'
import { useClient } from '../state/contexts.js'
import { useViewQuery } from './use-view-query.js'

export interface PrinterChoice {
  /** The printer documents go to, or null when the site has none. */
  printer: PrinterRecord | null
  /** The site's printers. */
  printers: readonly PrinterRecord[]
  /** Choose the next printer (Tab on the screens that print). */
  next(): void
  /**
   * Queue `document` on the chosen printer and say how it went in `report`, without waiting:
   * the screen stays live while the job is queued (it prints on the node the printer hangs on).
   */
  print(document: PrintDocument, what: string, report: (outcome: Outcome) => void): void
  /** "printer Desk (label-1), Tab for another" for the screen's muted line. */
  line: string
}

/** The printer chosen this session: one for every screen that prints, so choosing once holds. */
let chosen: string | null = null

/**
 * Which of the site's printers a screen prints on: the one chosen last (Tab for the next), else
 * the first. Printing never blocks the screen: the job is queued and the outcome told after.
 */
export function usePrinterChoice(): PrinterChoice {
  const client = useClient()
  const loaded = useViewQuery(() => client.call('printing.printers'), [])
  const printers = loaded.data?.site ?? []
  const [, redraw] = useState(0)
  const printer = printers.find((p) => p.id === chosen) ?? printers[0] ?? null
  return {
    printer,
    printers,
    next() {
      if (printers.length === 0) return
      const at = printer === null ? -1 : printers.indexOf(printer)
      chosen = printers[(at + 1) % printers.length]!.id
      redraw((n) => n + 1)
    },
    print(document, what, report) {
      if (printer === null) return report({ error: true, text: 'no printer in this site: add one to a node’s config.json' })
      const to = printer
      report({ error: false, text: `sending ${what} to ${to.name}…` })
      client.call('printing.queue', { printer: to.id, document }).then(
        () => report({ error: false, text: `${what} queued on ${to.name} (${to.id})` }),
        (err: Error) => report({ error: true, text: `${what} not queued: ${err.message}` }),
      )
    },
    line:
      printer === null
        ? 'no printer in this site'
        : `printer ${printer.name} (${printer.id})${printers.length > 1 ? `, Tab for another of ${printers.length}` : ''}`,
  }
}
