import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { printable } from '../../tui/components/printable.js'
import { clientInWords } from '../../tui/components/refusal.js'

describe('text from the log made safe to draw', () => {
  it('every control character but the line break becomes U+FFFD, deep in answers; the rest is the same object', () => {
    expect(printable('esc\u001b[31mRED\u001b[0m')).toBe('esc\uFFFD[31mRED\uFFFD[0m')
    expect(printable('cr\rtab\tbell\u0007c1\u009b2J')).toBe('cr\uFFFDtab\uFFFDbell\uFFFDc1\uFFFD2J')
    expect(printable('two\nlines')).toBe('two\nlines')
    const clean = { tickets: [{ label: 'table 4', items: [{ name: 'Soup', qty: 1 }] }], seq: 3 }
    expect(printable(clean)).toBe(clean)
    const dirty = { tickets: [clean.tickets[0], { label: 'x\u001b[2J', items: [] }], seq: 3, at: null }
    const safe = printable(dirty)
    expect(safe).toEqual({ tickets: [clean.tickets[0], { label: 'x\uFFFD[2J', items: [] }], seq: 3, at: null })
    expect(safe.tickets[0]).toBe(clean.tickets[0])
    expect(dirty.tickets[1]!.label).toBe('x\u001b[2J') // the answer itself is left as it came
  })

  it("the TUI's client passes answers, events and refusals through it", async () => {
    const events = new EventEmitter()
    const raw = {
      call: (method: string) =>
        method === 'bad' ? Promise.reject(new Error('no note \u001b[2Jx')) : Promise.resolve([{ text: 'hi\r\u001b[31m' }]),
      onEvent: (name: string, listener: (params: unknown) => void) => {
        events.on(name, listener)
        return () => events.off(name, listener)
      },
    }
    const client = clientInWords(raw)
    expect(await client.call('notes.list')).toEqual([{ text: 'hi\uFFFD\uFFFD[31m' }])
    await expect(client.call('bad')).rejects.toThrow('no note \uFFFD[2Jx')
    const seen: unknown[] = []
    client.onEvent('view.changed', (p) => seen.push(p))
    events.emit('view.changed', { status: { site: { name: 'Depot\u001b]0;owned\u0007' } } })
    expect(seen).toEqual([{ status: { site: { name: 'Depot\uFFFD]0;owned\uFFFD' } } }])
  })
})
