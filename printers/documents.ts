/** What can be printed: plain data, defined (with its schema) in protocol/ because jobs replicate. */
export type { CountSheet, IntakeLabel, KdsChit, LocationLabel, PickList, PrintDocument, RollLabel } from '../protocol/printing.js'
