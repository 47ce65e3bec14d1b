export interface Row {
  measure: string
  value: string
  target: string
  verdict: 'ok' | 'MISSED' | ''
}

/** Print benchmark rows as a plain aligned table. */
export function printTable(title: string, rows: Row[]): void {
  const head: Row = { measure: 'measure', value: 'value', target: 'target', verdict: '' }
  const all = [head, ...rows]
  const w = (k: keyof Row) => Math.max(...all.map((r) => r[k].length))
  const line = (r: Row) =>
    `${r.measure.padEnd(w('measure'))}  ${r.value.padStart(w('value'))}  ${r.target.padEnd(w('target'))}  ${r.verdict}`
  process.stdout.write(`\n${title}\n${line(head)}\n${'-'.repeat(line(head).length)}\n${rows.map(line).join('\n')}\n`)
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

export const verdict = (ok: boolean): Row['verdict'] => (ok ? 'ok' : 'MISSED')

/** One figure over its anchor's, as the tables print it: 1.23x. */
export const ratio = (ours: number, anchor: number): string => `${(ours / anchor).toFixed(2)}x`
