import { existsSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import Rache from 'rache'

/**
 * What bounds the daemon's memory (issue #15: a 1 GB Raspberry Pi also runs the TUI and the OS;
 * the daemon must stay under 150 MB settled and 250 MB at peak whatever the size of the site).
 *
 * Seen before these bounds, one node writing ~110-byte notes one per request: the JS heap grew
 * ~30 KB a note (RSS 204 -> 427 -> 657 MB over three rounds of 2,000 notes). The heap snapshots
 * held 24k -> 49k -> 73k rache CacheEntry objects: each Hyperbee (the view and its sessions) keeps
 * its own cache of decoded keys and tree nodes of up to 65,536 entries, about 1.2 KB each, so
 * three of them can hold ~240 MB before they stop growing.
 */
export interface MemoryBounds {
  /** False only for the benches' anchor (OUTPOST_MEMORY_BOUNDS=off): today's figures without the bounds. */
  bounded: boolean
  /** Entries in the one cache every Hyperbee and Hypercore of the store share (decoded keys and tree nodes). */
  beeCacheEntries: number
  /** RocksDB's memtable size, per column family (up to two of them each). */
  writeBufferBytes: number
  /** Merkle tree nodes hypercore-storage keeps decoded. */
  treeCacheEntries: number
  /** RocksDB's block cache (rocksdb-native can only turn it on, at RocksDB's default 32 MB, or off). */
  blockCache: boolean
  /**
   * Whether RocksDB builds a Bloom filter for the table files of its last level too. Without a
   * block cache, each open table file keeps its index and filter in memory; on the 1,000,000-roll
   * site (59 table files, 40 M keys) that is 8 MB of index and 50 MB of filter, all of it held
   * once the files are open (a node that joined the site wrote, and so opened, every one of
   * them). The last level holds most of the keys, and its filter only speeds up a read of a key
   * that is not there; the store's reads are of keys that are (blocks and tree nodes a core
   * knows it has), so RocksDB's optimize_filters_for_hits: no filter on the last level.
   */
  lastLevelFilters: boolean
  /** How far V8 lets its heap grow past what the last full GC kept, in percent; null: V8's own (up to 100% and more). */
  heapGrowingPercent: number | null
  /**
   * The writes one Autobase update may make, about (the autobase patch's applyWriteBudget); 0:
   * Autobase's 64 remote operations an update. Every write of an update waits in the store's
   * atomic batch until the update ends, about 1 KB each: a node joining a site of 500-roll
   * receives (~11,000 writes each) held ~250,000 of them.
   */
  applyWrites: number
  /**
   * The view writes (Hyperbee puts and deletes) one group of operations may make; 0: no limit. A
   * log block is folded in one update whatever applyWrites says, so a larger group would hold
   * more than that: a node joining a site of 20-receive blocks (~8,000 view writes per 1,000
   * rolls) ran at up to 360 MB. About applyWrites' worth: a view write is ~2.7 store writes (its
   * block and tree nodes); one receive of 500 rolls makes ~4,000.
   */
  groupWrites: number
}

/**
 * RocksDB's block cache is off: rocksdb-native can only turn it on at RocksDB's default size
 * (32 MB of data blocks per column family, filled by the reads of a large site and never given
 * back), and the table files are in the OS's page cache anyway, which the OS gives back under
 * pressure. Each table's index and filter stay in memory with its reader (see lastLevelFilters).
 *
 * 4,096 decoded entries are ~5 MB; a lookup in a view of 1,000,000 rolls walks about 5 tree
 * nodes, and the top of the tree is read on every lookup, so it stays cached in practice (the
 * cache evicts at random, and a hot node is put back on its next read).
 */
export const BOUNDED: MemoryBounds = {
  bounded: true,
  beeCacheEntries: 4096,
  writeBufferBytes: 4 * 1024 * 1024,
  treeCacheEntries: 4096,
  blockCache: false,
  lastLevelFilters: false,
  heapGrowingPercent: 20,
  applyWrites: 16384,
  groupWrites: 6144,
}

/** Before #15: each Hyperbee's own 65,536-entry cache, hypercore-storage's 8,192 tree nodes. */
const UNBOUNDED: MemoryBounds = {
  bounded: false,
  beeCacheEntries: 65536,
  writeBufferBytes: 4 * 1024 * 1024,
  treeCacheEntries: 8192,
  blockCache: true,
  lastLevelFilters: true,
  heapGrowingPercent: null,
  applyWrites: 0,
  groupWrites: 0,
}

/** The bounds for this process: OUTPOST_MEMORY_BOUNDS=off is for the memory benches only. */
export function memoryBounds(env: NodeJS.ProcessEnv = process.env): MemoryBounds {
  const bounds = env.OUTPOST_MEMORY_BOUNDS === 'off' ? UNBOUNDED : BOUNDED
  // OUTPOST_APPLY_WRITES=1: one remote operation an update, for the tests that check the fold
  // does not depend on how a catch-up is cut into updates; =0: Autobase's 64 (the bench's before)
  const writes = Number(env.OUTPOST_APPLY_WRITES)
  return env.OUTPOST_APPLY_WRITES !== undefined && Number.isInteger(writes) && writes >= 0 ? { ...bounds, applyWrites: writes } : bounds
}

/** hypercore-storage's options (RocksDB's memtables, the tree node cache). */
export function storageOptions(bounds: MemoryBounds) {
  return {
    writeBufferSize: bounds.writeBufferBytes,
    treeCache: { maxSize: bounds.treeCacheEntries },
    blockCache: bounds.blockCache,
    // RocksDB refuses to open with index and filter blocks in a block cache that is not there
    tableCacheIndexAndFilterBlocks: bounds.blockCache,
    // the hypercore-storage patch passes it on to RocksDB (docs/dependencies.md)
    optimizeFiltersForHits: !bounds.lastLevelFilters,
  }
}

/**
 * Corestore's options: one `globalCache` that every core and every Hyperbee on it share (Hyperbee
 * builds its key and node caches on `core.globalCache`, and, when there is none, one of its own
 * per instance, each up to 65,536 entries).
 */
export function corestoreOptions(bounds: MemoryBounds): { globalCache?: Rache } {
  return bounds.bounded ? { globalCache: new Rache({ maxSize: bounds.beeCacheEntries }) } : {}
}

/**
 * The environment a daemon process is started with (spawners add it to theirs, as they put
 * DAEMON_NODE_FLAGS before the script; the shebang of bin/outpost.ts sets it too, and a service
 * unit must: `Environment=MALLOC_ARENA_MAX=2`). glibc gives each thread that allocates its own
 * malloc arena, up to 8 per core, and freed memory stays in the arena it came from: RocksDB's
 * background threads and libuv's pool made 15 arenas on a 2-core machine. Measured, one node
 * writing 6,000 notes one per request: native memory outside the JS heap 93 MB with 15 arenas,
 * 30-50 MB with two. It can only be set before the process starts (glibc reads it once).
 */
export const DAEMON_ENV = { MALLOC_ARENA_MAX: '2' } as const

/** Where Debian, Ubuntu and Raspberry Pi OS put jemalloc (`apt install libjemalloc2`). */
export const JEMALLOC_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/arm-linux-gnueabihf/libjemalloc.so.2',
] as const

/**
 * jemalloc, when the machine has it, instead of glibc's malloc: glibc keeps the memory a large
 * receive frees inside its arenas. Seen on a 1,000,000-roll site taking 10,000 more rolls: RSS
 * settled at 184 MB (the bound is 150), and `malloc_trim(0)` called from gdb gave back 44 MB of it
 * at once; with jemalloc and these settings 142 MB (131 MB at the start against glibc's 123).
 * Two arenas as with glibc; freed pages go back to the OS within about a second, by jemalloc's
 * own background thread. OUTPOST_ALLOCATOR=glibc keeps glibc's. Like MALLOC_ARENA_MAX, it only
 * works from the start of a process: spawners and the service unit set it (selfEnv).
 */
export const JEMALLOC_CONF = 'narenas:2,background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0'

export function allocatorEnv(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): Record<string, string> {
  if (env.OUTPOST_ALLOCATOR === 'glibc') return {}
  const lib = JEMALLOC_PATHS.find((path) => exists(path))
  if (lib === undefined) return {}
  const preload = env.LD_PRELOAD ?? ''
  return {
    LD_PRELOAD: preload === '' ? lib : preload.split(/[:\s]/).includes(lib) ? preload : `${preload}:${lib}`,
    MALLOC_CONF: JEMALLOC_CONF,
  }
}

/** What a daemon process is started with on top of its parent's environment. */
export function daemonEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { ...DAEMON_ENV, ...allocatorEnv(env) }
}

/**
 * Bound this process's JS heap: V8 sizes its heap by what the last full collection kept times a
 * growing factor, and a daemon folding one request after another leaves garbage behind fast
 * (seen: heapUsed swinging 30 -> 76 MB and back between collections with a live set of ~30 MB,
 * and the heap's size, 80 MB, staying at the top of the swing). 20% over the live set: heap 38 MB
 * and RSS 132 MB, against 80 MB and 159-178 MB, over 6,000 notes written one per request. Set
 * from inside the process, so a daemon started any way gets it (V8 reads it at each collection).
 */
export function boundHeap(bounds: MemoryBounds = memoryBounds()): void {
  if (bounds.heapGrowingPercent !== null) setFlagsFromString(`--heap-growing-percent=${bounds.heapGrowingPercent}`)
}
