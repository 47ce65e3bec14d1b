/** Wait until the rendered frame satisfies `test`; fail with the last frame if it never does. */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  test: (frame: string) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const frame = lastFrame() ?? ''
    if (test(frame)) return frame
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
