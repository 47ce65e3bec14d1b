import { describe, expect, it } from 'vitest'
import { emptyField, reduceTextField, type TextFieldAction } from '../../tui/components/text-field-model.js'
import { HlcClock } from '../../daemon/clock.js'

const run = (actions: TextFieldAction[], max?: number) => actions.reduce((s, a) => reduceTextField(s, a, max), emptyField)

describe('text field reducer', () => {
  it('inserts at the cursor, moves, deletes', () => {
    const s = run([
      { type: 'insert', text: 'abd' },
      { type: 'left' },
      { type: 'insert', text: 'c' },
      { type: 'end' },
      { type: 'backspace' },
    ])
    expect(s).toEqual({ value: 'abc', cursor: 3 })
    expect(run([{ type: 'insert', text: 'xy' }, { type: 'home' }, { type: 'delete' }])).toEqual({ value: 'y', cursor: 0 })
  })
  it('never grows past its limit and never moves the cursor out of the text', () => {
    expect(run([{ type: 'insert', text: '123456' }], 4).value).toBe('1234')
    expect(run([{ type: 'left' }, { type: 'backspace' }])).toEqual(emptyField)
    expect(run([{ type: 'set', value: 'abcdef' }], 3)).toEqual({ value: 'abc', cursor: 3 })
  })
})

describe('HlcClock', () => {
  it('counts within a millisecond and moves past clocks seen from other nodes', () => {
    let now = 1000
    const clock = new HlcClock(() => now)
    expect(clock.tick()).toEqual({ t: 1000, c: 0 })
    expect(clock.tick()).toEqual({ t: 1000, c: 1 })
    clock.observe({ t: 5000, c: 3 }) // a peer whose clock is ahead
    expect(clock.tick()).toEqual({ t: 5000, c: 4 })
    now = 6000
    expect(clock.tick()).toEqual({ t: 6000, c: 0 })
    clock.observe({ t: 10, c: 0 }) // an older timestamp changes nothing
    expect(clock.tick()).toEqual({ t: 6000, c: 1 })
  })
})
