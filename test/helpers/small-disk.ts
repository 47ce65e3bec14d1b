import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Whether this process may mount a size-limited tmpfs (root, and a kernel that lets it: not in
 * every container). Probed once by mounting one. Without it the disk-full tests skip with the
 * reason; CI sets OUTPOST_REQUIRE_TOOLS=1, where that fails the run instead.
 */
export function canMountSmallDisk(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'op-probe-'))
  let reason: string | null = null
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' })
    execFileSync('umount', [dir], { stdio: 'pipe' })
  } catch (err) {
    reason = (err as Error).message.split('\n')[0] ?? 'mount failed'
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (reason !== null && process.env.OUTPOST_REQUIRE_TOOLS === '1') {
    throw new Error(`the disk-full tests must mount a tmpfs (OUTPOST_REQUIRE_TOOLS=1), and cannot: ${reason} (run as root)`)
  }
  return reason === null
}

export interface SmallDisk {
  dir: string
  /** Unmount (lazily if something still holds it) and remove the mount point. */
  unmount: () => Promise<void>
}

/** A tmpfs of `sizeMb` MB at a fresh, short path (the daemon's socket path is limited to 107 bytes). */
export async function mountSmallDisk(sizeMb: number): Promise<SmallDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'op-disk-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' })
  return {
    dir,
    unmount: async () => {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' })
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
