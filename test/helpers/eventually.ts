/**
 * The one way a test waits: read `condition` again and again until it holds, bounded in time.
 *
 * - `condition` returns a value; the wait ends when `opts.ok(value)` holds (without `ok`: when the
 *   value is truthy), and that value is returned. A throw counts as "not yet" and is remembered.
 * - On time-out it fails with what it waited for, the last value and the last error seen, and
 *   whatever `opts.evidence()` adds, so a red run says why without a rerun.
 * - The default bound is generous (30 s): the suite runs on a 2-core CI machine under a load of
 *   10-20, where a daemon answering in 50 ms on a laptop took seconds (seen: 8 helpers at once).
 *   A passing test waits only as long as the condition takes; the bound costs only a failing one.
 */
export interface EventuallyOptions<T> {
  /** When the value is the one waited for (default: truthy). */
  ok?: (value: T) => boolean
  /** Upper bound of the whole wait, in ms (default 30 000). */
  timeoutMs?: number
  /** Pause between reads, in ms (default 50; 0 yields to the event loop only). */
  intervalMs?: number
  /** How to show the last value in the failure (default: the string, or JSON, cut at 2000 characters). */
  show?: (value: T) => string
  /** More evidence for the failure message (a log tail, a diff); read once, on time-out. */
  evidence?: () => string | Promise<string>
}

export const EVENTUALLY_TIMEOUT_MS = 30_000

export async function eventually<T>(
  condition: () => T | Promise<T>,
  what: string,
  opts: EventuallyOptions<Awaited<T>> = {},
): Promise<Awaited<T>> {
  const timeoutMs = opts.timeoutMs ?? EVENTUALLY_TIMEOUT_MS
  const intervalMs = opts.intervalMs ?? 50
  const ok = opts.ok ?? ((v: Awaited<T>) => Boolean(v))
  const started = Date.now()
  let tries = 0
  let seen = false
  let last: Awaited<T> | undefined
  let lastError: unknown = undefined
  for (;;) {
    tries++
    try {
      const value = await condition()
      seen = true
      last = value
      lastError = undefined
      if (ok(value)) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() - started > timeoutMs) break
    await (intervalMs > 0 ? new Promise((r) => setTimeout(r, intervalMs)) : new Promise((r) => setImmediate(r)))
  }
  const lines = [`timed out after ${Date.now() - started} ms (${tries} tries) waiting for ${what}`]
  if (seen) lines.push(`last value: ${opts.show ? opts.show(last as Awaited<T>) : showValue(last)}`)
  if (lastError !== undefined) lines.push(`last error: ${lastError instanceof Error ? lastError.message : safeJson(lastError)}`)
  if (opts.evidence) {
    try {
      lines.push(await opts.evidence())
    } catch (error) {
      lines.push(`(the evidence could not be read: ${String(error)})`)
    }
  }
  throw new Error(lines.join('\n'), lastError === undefined ? undefined : { cause: lastError })
}

function showValue(value: unknown): string {
  const text = typeof value === 'string' ? `\n${value}` : safeJson(value)
  return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
