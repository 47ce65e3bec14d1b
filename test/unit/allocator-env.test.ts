import { describe, expect, it } from 'vitest'
import { JEMALLOC_CONF, allocatorEnv, daemonEnv } from '../../daemon/memory.js'

const X64 = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'
const ARM64 = '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2'
const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path)

describe('the allocator a daemon is started with', () => {
  it('is jemalloc where the machine has it, with its settings', () => {
    expect(allocatorEnv({}, only(ARM64))).toEqual({ LD_PRELOAD: ARM64, MALLOC_CONF: JEMALLOC_CONF })
    expect(allocatorEnv({}, only(X64))).toEqual({ LD_PRELOAD: X64, MALLOC_CONF: JEMALLOC_CONF })
  })

  it("is glibc's where there is no jemalloc, or when OUTPOST_ALLOCATOR=glibc says so", () => {
    expect(allocatorEnv({}, only())).toEqual({})
    expect(allocatorEnv({ OUTPOST_ALLOCATOR: 'glibc' }, only(X64))).toEqual({})
  })

  it('keeps what the parent preloads, and does not preload jemalloc twice', () => {
    expect(allocatorEnv({ LD_PRELOAD: '/opt/trace.so' }, only(X64)).LD_PRELOAD).toBe(`/opt/trace.so:${X64}`)
    expect(allocatorEnv({ LD_PRELOAD: X64 }, only(X64)).LD_PRELOAD).toBe(X64)
    expect(allocatorEnv({ LD_PRELOAD: `/opt/a.so ${X64}` }, only(X64)).LD_PRELOAD).toBe(`/opt/a.so ${X64}`)
  })

  it('always bounds glibc arenas too (a daemon may run without jemalloc)', () => {
    expect(daemonEnv({ OUTPOST_ALLOCATOR: 'glibc' })).toEqual({ MALLOC_ARENA_MAX: '2' })
  })
})
