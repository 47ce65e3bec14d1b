import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { DEFAULT_MAX_FRAME_BYTES, OutpostError } from '../protocol/index.js'

/** Node flags for a daemon process (see bin/outpost.ts): spawners put them before the script. */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1'] as const

/** The node's config file, `<data dir>/config.json`. Every field is optional. */
const ConfigFile = z
  .object({
    siteName: z.string().min(1).max(80),
    nodeName: z.string().min(1).max(80),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    maxFrameBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024),
  })
  .partial()
  .strict()

export interface ResolvedConfig {
  dataDir: string
  socketPath: string
  storageDir: string
  siteFile: string
  siteName: string
  nodeName: string | undefined
  logLevel: string
  maxFrameBytes: number
}

export interface ConfigInput {
  dataDir?: string | undefined
  logLevel?: string | undefined
  env: NodeJS.ProcessEnv
}

/** XDG: $XDG_DATA_HOME/outpost, else ~/.local/share/outpost. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share')
  return join(base, 'outpost')
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
    siteName: file.siteName ?? 'Outpost site',
    nodeName: file.nodeName,
    logLevel: input.logLevel ?? input.env.OUTPOST_LOG_LEVEL ?? file.logLevel ?? 'info',
    maxFrameBytes: file.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
  })
}

function readConfigFile(path: string): z.infer<typeof ConfigFile> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new OutpostError('E_USAGE', `${path} is not valid JSON`)
  }
  const parsed = ConfigFile.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new OutpostError('E_USAGE', `${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim())
  }
  return parsed.data
}
