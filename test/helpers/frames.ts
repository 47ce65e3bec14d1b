import { eventually } from './eventually.js'

/** Wait until the rendered frame satisfies `test`; fail with the last frame if it never does. */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  test: (frame: string) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<string> {
  return eventually(() => lastFrame() ?? '', what, { ok: test, timeoutMs, intervalMs: 5, show: (frame) => `\n${frame}` })
}
