import { appendFileSync, readFileSync } from 'node:fs'

/**
 * Loaded into a daemon by the memory benches (`node --import memory-probe.js`, path in
 * OUTPOST_MEMORY_PROBE): every OUTPOST_MEMORY_PROBE_MS (default 1000) it appends one JSON line
 * with the process's memory split the ways that tell where it went: the JS heap, memory outside
 * it that V8 knows of (external, array buffers), and the kernel's view (smaps_rollup: anonymous
 * memory is the heap plus malloc's arenas plus RocksDB; file-backed is the code mapped in).
 */
const path = process.env.OUTPOST_MEMORY_PROBE
const every = Number(process.env.OUTPOST_MEMORY_PROBE_MS ?? 1000)

export interface ProbeSample {
  t: number
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  anonymous: number
  file: number
  /** Mappings of exactly 64 MB or one under it: glibc's per-thread malloc arenas (heaps). */
  arenas: number
}

function sample(): ProbeSample {
  const m = process.memoryUsage()
  const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024
  return {
    t: Date.now(),
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    anonymous: kb('Anonymous'),
    file: kb('Rss') - kb('Anonymous'),
    arenas: countArenas(),
  }
}

function countArenas(): number {
  // a thread arena's heap is one 64 MB aligned reservation: a used (rw-p) part and the rest
  // reserved (---p), back to back
  const HEAP = 64 * 1024 * 1024
  const anon = readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .map((line) => /^([0-9a-f]+)-([0-9a-f]+) \S+ 0+ 00:00 0\s*$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ start: parseInt(m[1]!, 16), end: parseInt(m[2]!, 16) }))
  let arenas = 0
  for (let i = 0; i < anon.length; i++) {
    const a = anon[i]!
    if (a.start % HEAP !== 0) continue
    const b = anon[i + 1]
    if (a.end - a.start === HEAP || (b !== undefined && b.start === a.end && b.end - a.start === HEAP)) arenas++
  }
  return arenas
}

if (path !== undefined) {
  const write = () => appendFileSync(path, JSON.stringify(sample()) + '\n')
  write()
  setInterval(write, every).unref()
}
