/** What can be printed. Each document is plain data; rendering it is pure (see render.ts). */
export type PrintDocument = RollLabel | LocationLabel

/** A roll (or product) label: what it is, how much, and a code to scan. */
export interface RollLabel {
  kind: 'roll-label'
  name: string
  sku: string
  /** Shown as "quality: A", "color: navy". */
  attributes: ReadonlyArray<readonly [string, string]>
  /** Already formatted for people, with its unit: "1.720 m". */
  quantity: string
  lot: string
  /** What the barcode and the QR code carry. */
  code: string
  symbology: 'code128' | 'ean13'
}

/** A shelf label for a location: its code, big, and as a barcode. */
export interface LocationLabel {
  kind: 'location-label'
  code: string
  rack: string
  bin: string
}
