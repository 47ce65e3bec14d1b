// Minimal declarations for the Holepunch modules we use: only the surface Outpost calls.
// They ship no types of their own (see NOTES-holepunch.md).

declare module 'hypercore' {
  import type { EventEmitter } from 'node:events'
  class Hypercore extends EventEmitter {
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly length: number
    /** Bumped by every truncation: blocks from `length` on may differ from those read before. */
    readonly fork: number
    readonly byteLength: number
    readonly manifest: unknown
    /** Whether this store holds the core's secret key (it can append). */
    readonly writable: boolean
    ready(): Promise<void>
    append(block: unknown): Promise<{ length: number }>
    get(index: number, opts?: { wait?: boolean; timeout?: number }): Promise<unknown>
    /** Whether this core holds block `start` (or all of [start, end)) locally. */
    has(start: number, end?: number): Promise<boolean>
    /** The replication peers of this core (hypercore's replicator). */
    readonly peers: ReadonlyArray<{ remotePublicKey: Buffer; remoteLength: number; remoteSynced: boolean }>
    /** Get a longer signed length from a peer; `force` also for a core this store can write to. */
    update(opts?: { force?: boolean; wait?: boolean }): Promise<boolean>
    download(range: { start: number; end: number }): { done(): Promise<void> }
    getUserData(key: string): Promise<Buffer | null>
    setUserData(key: string, value: Buffer | null): Promise<void>
    close(): Promise<void>
  }
  export = Hypercore
}

declare module 'corestore' {
  import type Hypercore from 'hypercore'
  import type CoreStorage from 'hypercore-storage'
  import type { Duplex } from 'node:stream'
  interface GetOptions {
    name?: string
    key?: Buffer
    valueEncoding?: string
    active?: boolean
    /** Block encryption (the site key: see daemon/attachments-store.ts). */
    encryption?: { key: Buffer } | null
    /** A core signed by this key pair, with its manifest (see Autobase.setLocal). */
    keyPair?: { publicKey: Buffer; secretKey: Buffer }
    manifest?: { version: number; signers: Array<{ publicKey: Buffer }> }
  }
  class Corestore {
    readonly manifestVersion: number
    constructor(storage: string | CoreStorage, opts?: Record<string, unknown>)
    readonly storage: CoreStorage
    ready(): Promise<void>
    get(opts: GetOptions): Hypercore
    replicate(isInitiator: boolean | Duplex, opts?: Record<string, unknown>): Duplex
    namespace(name: string): Corestore
    createKeyPair(name: string): Promise<{ publicKey: Buffer; secretKey: Buffer }>
    close(): Promise<void>
  }
  export = Corestore
}

declare module 'hyperbee' {
  import type Hypercore from 'hypercore'
  export interface BeeEntry<V = unknown> {
    seq: number
    key: string
    value: V
  }
  export interface RangeOptions {
    gt?: string
    gte?: string
    lt?: string
    lte?: string
    reverse?: boolean
    limit?: number
  }
  export interface HyperbeeBatch {
    get(key: string): Promise<BeeEntry | null>
    put(key: string, value: unknown): Promise<void>
    del(key: string): Promise<void>
    flush(): Promise<void>
    close(): Promise<void>
  }
  class Hyperbee {
    constructor(core: Hypercore, opts?: Record<string, unknown>)
    readonly version: number
    readonly core: Hypercore
    ready(): Promise<void>
    get(key: string): Promise<BeeEntry | null>
    put(key: string, value: unknown): Promise<void>
    /**
     * `wait: false`: a block that is not here fails the read instead of waiting for a peer;
     * `update: false`: the batch does not update its core first (a snapshot never does).
     */
    batch(opts?: { wait?: boolean; update?: boolean }): HyperbeeBatch
    snapshot(): Hyperbee
    createReadStream(range?: RangeOptions): AsyncIterable<BeeEntry>
    close(): Promise<void>
  }
  export = Hyperbee
}

declare module 'autobase' {
  import type { EventEmitter } from 'node:events'
  import type Corestore from 'corestore'
  import type Hypercore from 'hypercore'
  import type { Duplex } from 'node:stream'
  namespace Autobase {
    interface ApplyNode {
      value: unknown
      from: { key: Buffer }
      /** the writer's length after this node: the block index is length - 1 */
      length: number
      indexed: boolean
    }
    interface Host {
      addWriter(key: Buffer, opts?: { indexer?: boolean }): Promise<void>
      removeWriter(key: Buffer): Promise<void>
      removeable(key: Buffer): boolean
      interrupt(reason?: string): void
    }
    /** Autobase's `blindEncryption`: it stores encrypt(key) instead of the key, and decrypt()s it at open. */
    interface BlindEncryption {
      encrypt(key: Buffer): Promise<{ type: number; value: Buffer }>
      decrypt(stored: { type: number; value: Buffer }): Promise<{ value: Buffer; rotated: boolean }>
    }
    interface Options<V> {
      valueEncoding?: string
      open: (store: Corestore) => V
      apply: (nodes: ApplyNode[], view: V, host: Host) => Promise<void>
      close?: (view: V) => Promise<void>
      ackInterval?: number
      encryptionKey?: Buffer
      /** What Autobase stores in place of the key (see daemon/site-key.ts). */
      blindEncryption?: BlindEncryption
      encrypt?: boolean
      fastForward?: boolean
      /**
       * Outpost's autobase patch: the writes one update may make, about; the number of remote
       * nodes an update takes is cut to fit (at least one). 0 or absent: Autobase's 64 nodes.
       */
      applyWriteBudget?: number
    }
  }
  class Autobase<V = unknown> extends EventEmitter {
    constructor(store: Corestore, bootstrap: Buffer | null, opts: Autobase.Options<V>)
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly local: Hypercore
    readonly view: V
    readonly writable: boolean
    readonly isIndexer: boolean
    readonly length: number
    readonly signedLength: number
    readonly closed: boolean
    /** The system (members and their linearized lengths); null before it opens. */
    readonly system: { get(key: Buffer): Promise<{ length: number; isRemoved: boolean } | null> } | null
    static decodeValue(value: Buffer, opts?: Record<string, unknown>): Promise<Uint8Array>
    static getLocalKey(store: Corestore): Promise<Buffer>
    ready(): Promise<void>
    append(value: unknown): Promise<number>
    /** The error that made the base close itself (what it also emitted as 'error'), or null. */
    getLastError(): Error | null
    update(): Promise<void>
    /** Rotate the local writer to the core `key` (signed by `keyPair`); emits 'rotate-local-writer'. */
    setLocal(key: Buffer, opts?: { keyPair?: { publicKey: Buffer; secretKey: Buffer } }): Promise<void>
    ack(bg?: boolean): Promise<void>
    replicate(isInitiator: boolean | Duplex, opts?: Record<string, unknown>): Duplex
    close(): Promise<void>
  }
  export = Autobase
}

declare module 'hyperdht' {
  import type { EventEmitter } from 'node:events'
  interface Address {
    host: string
    port: number
  }
  class HyperDHT extends EventEmitter {
    static BOOTSTRAP: Address[]
    constructor(opts?: Record<string, unknown>)
    ready(): Promise<void>
    fullyBootstrapped(): Promise<void>
    /** Binds the UDP socket without waiting for the bootstrap walk. */
    bind(): Promise<void>
    addNode(node: Address): void
    address(): Address & { family: number }
    destroy(): Promise<void>
  }
  export = HyperDHT
}

declare module 'hyperswarm' {
  import type { EventEmitter } from 'node:events'
  import type HyperDHT from 'hyperdht'
  import type { Duplex } from 'node:stream'
  namespace Hyperswarm {
    interface Connection extends Duplex {
      remotePublicKey: Buffer
      publicKey: Buffer
      rawStream: { remoteHost: string; remotePort: number }
    }
    interface Discovery {
      flushed(): Promise<void>
      refresh(opts?: { server?: boolean; client?: boolean }): Promise<void>
      destroy(): Promise<void>
    }
  }
  class Hyperswarm extends EventEmitter {
    constructor(opts?: Record<string, unknown>)
    readonly keyPair: { publicKey: Buffer; secretKey: Buffer }
    readonly connections: Set<Hyperswarm.Connection>
    readonly dht: HyperDHT
    join(topic: Buffer, opts?: { server?: boolean; client?: boolean }): Hyperswarm.Discovery
    leave(topic: Buffer): Promise<void>
    joinPeer(publicKey: Buffer): void
    leavePeer(publicKey: Buffer): void
    flush(): Promise<void>
    destroy(): Promise<void>
  }
  export = Hyperswarm
}

declare module 'protomux' {
  import type { Duplex } from 'node:stream'
  namespace Protomux {
    interface Message {
      send(value: unknown): boolean
    }
    interface Channel {
      addMessage(opts: { encoding: unknown; onmessage: (value: unknown) => void }): Message
      open(handshake?: unknown): void
      close(): void
      readonly closed: boolean
    }
  }
  class Protomux {
    static from(stream: Duplex): Protomux
    createChannel(opts: {
      protocol: string
      id?: Buffer | null
      unique?: boolean
      onopen?: () => void
      onclose?: () => void
    }): Protomux.Channel | null
  }
  export = Protomux
}

declare module 'compact-encoding' {
  const c: { json: unknown; [name: string]: unknown }
  export default c
}

declare module 'hypercore-crypto' {
  export function discoveryKey(key: Buffer): Buffer
}

declare module 'hyperdht/testnet.js' {
  interface Testnet {
    bootstrap: Array<{ host: string; port: number }>
    destroy(): Promise<void>
  }
  function createTestnet(size?: number, opts?: { host?: string }): Promise<Testnet>
  export = createTestnet
}

declare module 'multicast-dns' {
  import type { EventEmitter } from 'node:events'
  interface Mdns extends EventEmitter {
    query(q: { questions: Array<{ name: string; type: string }> }): void
    respond(r: { answers: Array<{ name: string; type: string; ttl?: number; data: unknown }> }): void
    destroy(cb?: () => void): void
  }
  function makeMdns(opts?: Record<string, unknown>): Mdns
  export = makeMdns
}

declare module 'hypercore-storage' {
  /** The RocksDB store under a Corestore (hypercore-storage 3). */
  export default class CoreStorage {
    constructor(
      dir: string,
      opts?: {
        writeBufferSize?: number
        maxOpenFiles?: number
        blockCache?: boolean
        tableCacheIndexAndFilterBlocks?: boolean
        treeCache?: { maxSize: number }
      },
    )
    ready(): Promise<void>
    close(): Promise<void>
    /** RocksDB itself (its default column family) and the column family the cores live in. */
    readonly rocks: RocksColumn
    readonly db: RocksColumn
  }
  interface RocksColumn {
    /** A session reading the store as it was at this moment (a RocksDB snapshot), until closed. */
    snapshot(): RocksColumn
    /** Raw entries in key order (no encodings: Buffers), within the range. */
    iterator(range?: { gt?: Buffer; gte?: Buffer; lt?: Buffer }, opts?: { limit?: number }): AsyncIterable<{ key: Buffer; value: Buffer }>
    write(): RocksWriteBatch
    close(): Promise<void>
    flush(): Promise<void>
    /** bottommostLevelCompaction: 2 (FORCE) rewrites the last level too, dropping deleted values. */
    compactRange(opts: { bottommostLevelCompaction?: 0 | 1 | 2 }): Promise<void>
  }
  interface RocksWriteBatch {
    tryPut(key: Buffer, value: Buffer): void
    flush(): Promise<void>
    destroy(): void
  }
}

declare module 'sodium-native' {
  /** The few libsodium calls the backup file (daemon/backup/backup-file.ts) and a new writer's key pair use. */
  export const crypto_sign_PUBLICKEYBYTES: number
  export const crypto_sign_SECRETKEYBYTES: number
  export function crypto_sign_keypair(publicKey: Buffer, secretKey: Buffer): void
  export const crypto_pwhash_ALG_ARGON2ID13: number
  export const crypto_pwhash_OPSLIMIT_INTERACTIVE: number
  export const crypto_pwhash_MEMLIMIT_INTERACTIVE: number
  export const crypto_pwhash_SALTBYTES: number
  export const crypto_generichash_BYTES: number
  export const crypto_secretstream_xchacha20poly1305_KEYBYTES: number
  export const crypto_secretstream_xchacha20poly1305_HEADERBYTES: number
  export const crypto_secretstream_xchacha20poly1305_STATEBYTES: number
  export const crypto_secretstream_xchacha20poly1305_ABYTES: number
  export const crypto_secretstream_xchacha20poly1305_TAG_MESSAGE: number
  export const crypto_secretstream_xchacha20poly1305_TAG_FINAL: number
  export function randombytes_buf(buf: Buffer): void
  export function crypto_pwhash(out: Buffer, passwd: Buffer, salt: Buffer, opslimit: number, memlimit: number, alg: number): void
  export function crypto_pwhash_async(
    out: Buffer,
    passwd: Buffer,
    salt: Buffer,
    opslimit: number,
    memlimit: number,
    alg: number,
    cb: (err: Error | null) => void,
  ): void
  export function crypto_generichash(out: Buffer, input: Buffer, key?: Buffer): void
  export function crypto_secretstream_xchacha20poly1305_init_push(state: Buffer, header: Buffer, key: Buffer): void
  export function crypto_secretstream_xchacha20poly1305_init_pull(state: Buffer, header: Buffer, key: Buffer): void
  export function crypto_secretstream_xchacha20poly1305_push(state: Buffer, c: Buffer, m: Buffer, ad: Buffer | null, tag: number): number
  export function crypto_secretstream_xchacha20poly1305_pull(state: Buffer, m: Buffer, tag: Buffer, c: Buffer, ad: Buffer | null): number
  export function sodium_memzero(buf: Buffer): void
}

declare module 'rache' {
  /** A cache with a size bound that evicts at random (Hyperbee's and Hypercore's `globalCache`). */
  export default class Rache {
    constructor(opts?: { maxSize?: number })
    readonly maxSize: number
    /** Entries held by this cache and every cache made from it. */
    readonly globalSize: number
  }
}
