import { describe, expect, it } from 'vitest'
import { APPROVAL_OPERATIONS, METHODS, OPERATIONS, combine } from '../../protocol/index.js'
import { HANDLERS } from '../../daemon/fold/handlers.js'
import { METHOD_IMPLEMENTATIONS } from '../../daemon/socket/methods.js'

describe('the central tables combine what each capability declares', () => {
  it('refuses a name two capabilities declare, instead of letting the later one win', () => {
    expect(() => combine('method', { 'notes.list': 1 }, { 'notes.list': 2 })).toThrow('method notes.list is declared by two capabilities')
    expect(combine('method', { a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 })
  })

  it('has a handler for every operation and an implementation for every method, and no more', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(OPERATIONS).sort())
    expect(Object.keys(METHOD_IMPLEMENTATIONS).sort()).toEqual(Object.keys(METHODS).sort())
  })

  it('derives the approvals from the operations that declare one', () => {
    expect([...APPROVAL_OPERATIONS].sort()).toEqual(['conflicts.resolve', 'counting.approve', 'history.restore', 'mesh.removeNode'])
  })
})
