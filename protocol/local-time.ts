/**
 * Moments as this machine's local clock shows them, on a 24-hour clock whatever the locale (a
 * kitchen and a stock room read 14:05, never 2:05 PM, and never UTC beside a local time). Every
 * screen, ticket, export and CLI line that shows a time of day writes it here.
 */
const pad = (n: number) => String(n).padStart(2, '0')

/** HH:MM, or HH:MM:SS with `seconds`. */
export function localTime(at: number | Date, seconds = false): string {
  const d = typeof at === 'number' ? new Date(at) : at
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`
}

/** YYYY-MM-DD, and with `time` its HH:MM after a space. */
export function localDay(at: number | Date, time = false): string {
  const d = typeof at === 'number' ? new Date(at) : at
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return time ? `${day} ${localTime(d)}` : day
}

/** YYYY-MM-DD HH:MM:SS (a detail's "when"; the TUI showed UTC there beside local times in its lists). */
export function localMoment(at: number | Date): string {
  return `${localDay(at)} ${localTime(at, true)}`
}
