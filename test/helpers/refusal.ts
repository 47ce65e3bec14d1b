import { expect } from 'vitest'
import { OutpostError } from '../../protocol/index.js'

/** A socket call that must be refused: an OutpostError with a one-line message; its code and message. */
export async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(OutpostError)
  const { code, message } = err as OutpostError
  expect(message).not.toContain('\n')
  return { code, message }
}
