import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { z } from 'zod'
import { TransportConfig } from '../printers/transports/index.js'
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket/limits.js'
import { csvEncoding, DEFAULT_CSV_ENCODING } from './catalog/csv-text.js'
import { DEFAULT_RESERVE_MB } from './disk-space.js'
import { DEFAULT_HTTP_PORT } from './http-endpoints.js'
import {
  IntegrationConfigFile,
  WebhooksConfigFile,
  resolveIntegration,
  resolveWebhooks,
  type IntegrationConfig,
  type WebhooksConfig,
} from './outbox/config.js'
import {
  Source,
  DEFAULT_MAX_FRAME_BYTES,
  OutpostError,
  PersonId,
  PrinterId,
  ProfileId,
  numberStyleOfEnv,
  parseJsonAs,
  parseNumberStyle,
  type NumberStyle,
} from '../protocol/index.js'

/**
 * Node flags for a daemon process (see bin/outpost.ts): spawners put them before the script.
 * `--v8-pool-size=1`: one V8 worker thread instead of Node's four. V8's concurrent marking,
 * sweeping and compiles otherwise fan out over four threads and take both cores of a small
 * machine from the main thread and libuv's, which a write waits on: the slow writes were the ones
 * that overlapped them (docs/benchmarks.md, "One V8 worker thread"); warm single-write p99 ~29 ->
 * ~21 ms on a 2-core machine, restart and RSS unchanged. On a 4-core Pi the collector's parallel
 * phases have one helper instead of four: with a heap bounded at ~40 MB, likely a little longer
 * pause there (not measured on a Pi).
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1', '--v8-pool-size=1'] as const

/** The same flags as NODE_OPTIONS: a single executable takes none on its command line (selfEnv). */
export const DAEMON_NODE_OPTIONS = DAEMON_NODE_FLAGS.join(' ')

/** host:port, as people write it; IPv6 hosts in brackets ([::1]:49737). */
export const HostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'an address is host:port')

export function parseHostPort(value: string): { host: string; port: number } {
  const parsed = HostPort.safeParse(value)
  const colon = value.lastIndexOf(':')
  const port = Number(value.slice(colon + 1))
  if (!parsed.success || port < 1 || port > 65535)
    throw new OutpostError('E_USAGE', `"${value}" is not host:port (like 192.168.1.20:49737)`)
  return { host: value.slice(0, colon).replace(/^\[|\]$/g, ''), port }
}

/** One printer attached to this node (see docs/printing.md, "Configuring a printer"). */
export const PrinterConfig = z
  .object({
    id: PrinterId,
    name: z.string().min(1).max(80),
    profile: ProfileId,
    transport: TransportConfig,
    /** How long one exchange with the printer may take before the queue gives up and retries. */
    timeoutMs: z.number().int().min(50).max(120_000).default(5000),
    /** The longest wait between tries while the printer is away (the wait doubles from 250 ms). */
    maxBackoffMs: z.number().int().min(100).max(600_000).default(30_000),
    /** How often an idle printer is asked for its status, so its state shows before a job. */
    probeMs: z.number().int().min(100).max(3_600_000).default(10_000),
  })
  .strict()
export type PrinterConfig = z.output<typeof PrinterConfig>

/** The node's config file, `<data dir>/config.json`. Every field is optional. */
const ConfigFile = z
  .object({
    siteName: z.string().min(1).max(80),
    /** How a site founded on this node writes numbers: comma (1.234,5) or point (1,234.5). */
    numberStyle: z.string().refine((s) => parseNumberStyle(s) !== null, 'numberStyle is comma (1.234,5) or point (1,234.5)'),
    nodeName: z.string().min(1).max(80),
    /**
     * This node's source role for the field-level merge (terminal, office): where the same field
     * of a record was edited on two nodes apart, the higher role's value stands (default terminal).
     */
    source: Source,
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    /**
     * Sync the log to stable storage before acknowledging a write (default true). Off only for a
     * benchmark's comparison or a throwaway data dir: a power cut can then lose acknowledged work.
     */
    syncWrites: z.boolean(),
    maxFrameBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024),
    /** What one socket client may cost (see daemon/socket/limits.ts for each field's why). */
    socket: z
      .object({
        maxConnections: z.number().int().min(1).max(10_000),
        maxQueuedRequests: z.number().int().min(1).max(100_000),
        maxReplyBufferBytes: z
          .number()
          .int()
          .min(1024)
          .max(1024 * 1024 * 1024),
        idleTimeoutMs: z.number().int().min(100),
        frameTimeoutMs: z.number().int().min(100),
      })
      .partial()
      .strict(),
    network: z
      .object({
        /** Address the node's DHT node binds to: 0.0.0.0 for the LAN, 127.0.0.1 for one machine. */
        host: z.string().min(1),
        /** The fixed UDP port of this node's DHT node: others use host:port as the site bootstrap. 0 = any. */
        port: z.number().int().min(0).max(65535),
        /** Other site nodes' DHT nodes, host:port. */
        bootstrap: z.array(HostPort),
        /** Also use the public HyperDHT bootstrap nodes (off unless the site opts in). */
        publicDht: z.boolean(),
        /** Set false to run without any networking. */
        enabled: z.boolean(),
        heartbeatMs: z.number().int().min(100),
        offlineMs: z.number().int().min(300),
        /** Announce and look for site nodes on the LAN by multicast DNS. */
        lan: z.boolean(),
        /** How long a pairing code lives (5 minutes; shorter in tests). */
        pairCodeTtlMs: z.number().int().min(100),
      })
      .partial()
      .strict(),
    /**
     * Keep the site key (encryption at rest) in this file (64 hex characters, 0600) instead of
     * site.json; relative to the data dir. A key already in site.json moves there at start.
     */
    keyFile: z.string().min(1).max(4096),
    /** Sign-in on this node (see daemon/people/sign-in-guard.ts). */
    signIn: z
      .object({
        /** PIN checks per second on this node, all people together (5). */
        checksPerSecond: z.number().min(0.1).max(1000),
        /** How many PIN checks may come at once before that rate counts (10). */
        checksBurst: z.number().int().min(1).max(1000),
        /** Approvals (count variances, conflicts, adding or removing a node) need badge plus PIN (off). */
        approvalsNeedBadge: z.boolean(),
      })
      .partial()
      .strict(),
    storage: z
      .object({
        /** Free space (MB) kept on the data dir's file system: writes that would eat into it are refused (E_STORAGE_FULL). 0 turns the check off. */
        reserveMb: z
          .number()
          .int()
          .min(0)
          .max(1024 * 1024),
      })
      .partial()
      .strict(),
    /** The metrics, health and readiness endpoints, on 127.0.0.1 (see docs/operations.md). */
    metrics: z
      .object({
        /** Set false to serve no HTTP at all. */
        enabled: z.boolean(),
        /** The TCP port on 127.0.0.1 (49738); 0 = any free port. A taken port falls back to a free one. */
        port: z.number().int().min(0).max(65535),
      })
      .partial()
      .strict(),
    /** A folder that CSV exports are dropped into (see daemon/catalog/drop-folder.ts). */
    dropFolder: z
      .object({
        path: z.string().min(1),
        person: PersonId,
        pollMs: z.number().int().min(100).max(3_600_000).default(2000),
        /** The encoding the ERP writes its files in, when not UTF-8 ("windows-1254" for Turkish Windows). */
        encoding: z
          .string()
          .refine((label) => csvEncoding(label) !== null, 'an encoding TextDecoder knows: utf-8, windows-1254, latin1...')
          .default(DEFAULT_CSV_ENCODING),
      })
      .strict(),
    /** The printers attached to this node; jobs for them replicate here from any node. */
    printers: z
      .array(PrinterConfig)
      .max(32)
      .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'two printers have the same id'),
    /** The webhook outbox (docs/integration.md). */
    webhooks: WebhooksConfigFile,
    /** The inbound HTTP endpoint and what the ERP/CRM reads (docs/integration.md). */
    integration: IntegrationConfigFile,
  })
  .partial()
  .strict()

export interface NetworkConfig {
  enabled: boolean
  host: string
  port: number
  bootstrap: readonly string[]
  publicDht: boolean
  heartbeatMs: number
  offlineMs: number
  pairCodeTtlMs: number
  lan: boolean
}

/** The site bootstrap's default UDP port (HyperDHT's own default). */
export const DEFAULT_DHT_PORT = 49737

export interface ResolvedConfig {
  dataDir: string
  socketPath: string
  storageDir: string
  siteFile: string
  /** Where the site key lives when not in site.json (config "keyFile"), absolute. */
  keyFile: string | null
  siteName: string
  /**
   * The number style a site founded here gets: the flag, else config.json, else the system
   * locale's (LC_ALL, LC_NUMERIC, LANG); null when none says (C locale): ambiguous forms refused.
   */
  numberStyle: NumberStyle | null
  nodeName: string | undefined
  /** This node's source role for the field-level merge (daemon/fold/field-merge.ts). */
  source: Source
  logLevel: string
  maxFrameBytes: number
  syncWrites: boolean
  socket: Readonly<SocketLimits>
  /** Free space kept on the data dir's file system (see daemon/disk-space.ts). */
  reserveBytes: number
  network: Readonly<NetworkConfig>
  printers: readonly PrinterConfig[]
  dropFolder: { path: string; person: string; pollMs: number; encoding: string } | null
  signIn: Readonly<SignInConfig>
  webhooks: Readonly<WebhooksConfig>
  integration: Readonly<IntegrationConfig>
  metrics: Readonly<{ enabled: boolean; port: number }>
}

export interface SignInConfig {
  checksPerSecond: number
  checksBurst: number
  approvalsNeedBadge: boolean
}

export interface ConfigInput {
  dataDir?: string | undefined
  logLevel?: string | undefined
  /** --number-style, for a site founded by this start. */
  numberStyle?: NumberStyle | undefined
  /** Network flags override the config file field by field. */
  network?: Partial<NetworkConfig> | undefined
  env: NodeJS.ProcessEnv
}

/**
 * An XDG base folder: the variable's path, else `~/<fallback>`. A relative path is ignored, as the
 * XDG spec says: it would name a folder under wherever the command was started.
 */
export function xdgBase(env: NodeJS.ProcessEnv, variable: 'XDG_DATA_HOME' | 'XDG_CONFIG_HOME', fallback: string): string {
  const value = env[variable]
  return value !== undefined && isAbsolute(value) ? value : join(homedir(), fallback)
}

/** XDG: $XDG_DATA_HOME/outpost, else ~/.local/share/outpost. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return join(xdgBase(env, 'XDG_DATA_HOME', join('.local', 'share')), 'outpost')
}

/** Flags over environment over config file over defaults, resolved once into a frozen object. */
export function resolveConfig(input: ConfigInput): Readonly<ResolvedConfig> {
  const dataDir = resolve(input.dataDir ?? input.env.OUTPOST_DATA_DIR ?? defaultDataDir(input.env))
  const file = readConfigFile(join(dataDir, 'config.json'))
  return Object.freeze({
    dataDir,
    socketPath: join(dataDir, 'outpost.sock'),
    storageDir: join(dataDir, 'store'),
    siteFile: join(dataDir, 'site.json'),
    keyFile: file.keyFile === undefined ? null : resolve(dataDir, file.keyFile),
    siteName: file.siteName ?? 'Outpost site',
    numberStyle:
      input.numberStyle ?? (file.numberStyle === undefined ? null : parseNumberStyle(file.numberStyle)) ?? numberStyleOfEnv(input.env),
    nodeName: file.nodeName,
    source: file.source ?? 'terminal',
    logLevel: input.logLevel ?? input.env.OUTPOST_LOG_LEVEL ?? file.logLevel ?? 'info',
    maxFrameBytes: file.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    syncWrites: file.syncWrites ?? true,
    socket: Object.freeze({ ...DEFAULT_SOCKET_LIMITS, ...file.socket }),
    reserveBytes: (file.storage?.reserveMb ?? DEFAULT_RESERVE_MB) * 1024 * 1024,
    network: Object.freeze({
      enabled: true,
      host: '0.0.0.0',
      port: DEFAULT_DHT_PORT,
      bootstrap: [],
      publicDht: false,
      heartbeatMs: 30_000,
      offlineMs: 90_000,
      pairCodeTtlMs: 5 * 60_000,
      lan: false,
      ...file.network,
      ...withoutUndefined(input.network ?? {}),
    }),
    printers: Object.freeze(file.printers ?? []),
    signIn: Object.freeze({ checksPerSecond: 5, checksBurst: 10, approvalsNeedBadge: false, ...file.signIn }),
    metrics: Object.freeze({ enabled: true, port: DEFAULT_HTTP_PORT, ...file.metrics, ...metricsPortOfEnv(input.env) }),
    dropFolder: file.dropFolder === undefined ? null : { ...file.dropFolder, path: resolve(dataDir, file.dropFolder.path) },
    webhooks: resolveWebhooks(file.webhooks),
    integration: resolveIntegration(file.integration),
  })
}

/** OUTPOST_METRICS_PORT overrides the config file's metrics.port (tests run many daemons side by side: 0). */
function metricsPortOfEnv(env: NodeJS.ProcessEnv): { port?: number } {
  const value = env.OUTPOST_METRICS_PORT
  if (value === undefined || value === '') return {}
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new OutpostError('E_USAGE', `OUTPOST_METRICS_PORT "${value}" is not a port (0-65535)`)
  return { port }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

function readConfigFile(path: string): z.infer<typeof ConfigFile> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw err
  }
  return parseJsonAs(text, ConfigFile, path)
}
