/** What `--scan-gap` and OUTPOST_SCAN_GAP_MS take, said once for both. */
export const SCAN_GAP_RULE = 'a scan gap is a number of milliseconds from 10 to 1000'

/** How far apart a scanner's characters may arrive (ms), or null if `text` is not such a number. */
export function scanGapOf(text: string): number | null {
  const ms = Number(text)
  return text.trim() !== '' && Number.isInteger(ms) && ms >= 10 && ms <= 1000 ? ms : null
}
