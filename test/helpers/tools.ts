import { spawnSync } from 'node:child_process'

/**
 * Whether a system tool a test needs is installed. On a person's machine a missing tool skips
 * the test with the reason in its name; CI sets OUTPOST_REQUIRE_TOOLS=1, where a missing tool
 * fails the run instead, so a green CI never hides a skipped test.
 */
export function hasTool(name: string, versionArg = '-V'): boolean {
  const found = spawnSync(name, [versionArg], { stdio: 'ignore' }).error === undefined
  if (!found && process.env.OUTPOST_REQUIRE_TOOLS === '1') {
    throw new Error(`${name} is required (OUTPOST_REQUIRE_TOOLS=1) but not installed: apt-get install ${name}`)
  }
  return found
}

export function skipReason(name: string, found: boolean): string {
  return found ? '' : ` (SKIPPED: ${name} is not installed; apt-get install ${name} to run it)`
}
